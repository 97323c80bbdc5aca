import { describe, expect, it } from 'vitest';
import { exponential, retry } from '../../../lambda/shared/retry.js';

class Busy extends Error {}

describe('retry', () => {
  it('returns the first success and waits the backoff between tries', async () => {
    const waits: number[] = [];
    let calls = 0;
    const value = await retry(
      async (attempt) => {
        calls++;
        if (attempt < 3) throw new Busy('busy');
        return 'ok';
      },
      {
        attempts: 5,
        retryable: (e) => e instanceof Busy,
        backoff: exponential(100, 150),
        sleep: async (ms) => void waits.push(ms),
      },
    );
    expect(value).toBe('ok');
    expect(calls).toBe(3);
    expect(waits).toEqual([100, 150]);
  });

  it('is bounded: after the last attempt the last error is thrown as is', async () => {
    let calls = 0;
    const failing = retry(
      async () => {
        calls++;
        throw new Busy(`busy ${calls}`);
      },
      { attempts: 3, retryable: () => true },
    );
    await expect(failing).rejects.toThrow('busy 3');
    await expect(failing).rejects.toBeInstanceOf(Busy);
    expect(calls).toBe(3);
  });

  it('does not retry an error the policy rejects', async () => {
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw new TypeError('bug');
        },
        { attempts: 5, retryable: (e) => e instanceof Busy },
      ),
    ).rejects.toBeInstanceOf(TypeError);
    expect(calls).toBe(1);
  });

  it('refuses an unbounded or empty policy', async () => {
    await expect(retry(async () => 1, { attempts: 0, retryable: () => true })).rejects.toBeInstanceOf(
      RangeError,
    );
    await expect(
      retry(async () => 1, { attempts: Number.POSITIVE_INFINITY, retryable: () => true }),
    ).rejects.toBeInstanceOf(RangeError);
  });
});
