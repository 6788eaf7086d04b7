import { OneAtATime } from './one-at-a-time';

describe('OneAtATime', () => {
  it('runs tasks in the order given, never two at once, and a failure does not stop the rest', async () => {
    const queue = new OneAtATime();
    const log: string[] = [];
    let running = 0;
    const task =
      (name: string, fail = false) =>
      async () => {
        running++;
        log.push(`${name}:${running}`);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([queue.run(task('a')), queue.run(task('b', true)), queue.run(task('c'))]);
    expect(log).toEqual(['a:1', 'b:1', 'c:1']);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
