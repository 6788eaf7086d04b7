import { withTimeout } from './with-timeout';

describe('withTimeout', () => {
  it('settles like the promise when it settles in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000, 'x')).resolves.toBe(7);
    const failure = new Error('refused');
    await expect(withTimeout(Promise.reject(failure), 1000, 'x')).rejects.toBe(failure);
  });

  it('rejects, naming what did not answer, when the promise never settles', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20, 'Redis')).rejects.toThrow(
      'Redis did not answer within 20 ms',
    );
  });

  it('leaves no timer behind once the promise settled', async () => {
    jest.useFakeTimers();
    try {
      const settled = withTimeout(Promise.resolve('done'), 1000, 'x');
      await expect(settled).resolves.toBe('done');
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
