import { describe, expect, it } from 'vitest';
import { settleFlushEnd } from '../../../lambda/slack/flush-end.js';
import type { FlushResult } from '../../../lambda/slack/flush-result.js';

function flushEnd(nowMs: number) {
  const read: string[] = [];
  const deps = {
    items: {
      settleRoots: async () => {
        read.push('root edits');
        return 0;
      },
    },
    storms: {
      dueChannels: async () => {
        read.push('storms');
        return [];
      },
      refresh: async () => {},
    },
    digests: {
      flush: async () => {
        read.push('digests');
        return { sent: 0, retried: 0, failed: 0, deferred: 0 };
      },
    },
    now: () => new Date(nowMs),
    log: { info() {}, warn() {}, error() {} },
  } as unknown as Parameters<typeof settleFlushEnd>[0];
  return { deps, read };
}

describe('settleFlushEnd', () => {
  it('reads nothing once the flush’s time has run out', async () => {
    const { deps, read } = flushEnd(10_000);
    const result: FlushResult = { sent: 3, retried: 0, failed: 0, deferred: 2 };
    await settleFlushEnd(
      deps,
      () => 10_000,
      async () => false,
      result,
    );
    expect({ read, result }).toEqual({ read: [], result: { sent: 3, retried: 0, failed: 0, deferred: 2 } });
  });

  it('settles root edits, storms and digests while there is time', async () => {
    const { deps, read } = flushEnd(9_999);
    await settleFlushEnd(
      deps,
      () => 10_000,
      async () => false,
      { sent: 0, retried: 0, failed: 0, deferred: 0 },
    );
    expect(read).toEqual(['root edits', 'storms', 'digests']);
  });
});
