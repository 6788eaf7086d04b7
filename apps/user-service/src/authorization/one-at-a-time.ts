// Runs tasks one after another, in the order they were handed in (a FIFO
// mutex in memory); a task that fails does not stop the ones behind it.
export class OneAtATime {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
