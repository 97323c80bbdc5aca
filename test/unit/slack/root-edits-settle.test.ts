import { describe, expect, it } from 'vitest';
import { RootEdits } from '../../../lambda/slack/root-edits.js';
import type { RootEditState, ThreadRepo } from '../../../lambda/store/thread-repo.js';

const ref = { channel: 'C1', ts: '1.000001' };

/** Owed edits as the store lists them, and the writes settle makes. */
function owed(states: Array<Pick<RootEditState, 'incidentId' | 'queue'>>) {
  const written: string[] = [];
  const threads = {
    dueRootEdits: async () =>
      states.map((s) => ({ ...s, ref, dueAt: '1970-01-01T00:00:00.000Z', version: 1 })),
    putRootEdit: async (next: Omit<RootEditState, 'version'>) => {
      written.push(next.incidentId);
      return { ...next, version: 2 };
    },
  } as unknown as ThreadRepo;
  const log = { info() {}, warn() {}, error() {} };
  return { written, edits: new RootEdits({ threads, now: () => new Date(5_000), log, intervalMs: 5_000 }) };
}

describe('RootEdits.settle', () => {
  it('asks nothing of a channel once the time to send has run out', async () => {
    const { edits, written } = owed([
      { incidentId: 'i1', queue: 'C1' },
      { incidentId: 'i2', queue: 'C1' },
    ]);
    const asked: string[] = [];
    const made = await edits.settle(
      5_000,
      20,
      async () => true,
      async (queue) => {
        asked.push(queue);
        return false;
      },
    );
    expect({ made, asked, written }).toEqual({ made: 0, asked: [], written: [] });
  });

  it('asks once per settle whether a channel holds its edits, and still makes another channel’s', async () => {
    const { edits, written } = owed([
      ...Array.from({ length: 30 }, (_, n) => ({ incidentId: `held${n}`, queue: 'C1' })),
      { incidentId: 'free', queue: 'C2' },
    ]);
    const asked: string[] = [];
    const made = await edits.settle(
      60_000,
      20,
      async () => true,
      async (queue) => {
        asked.push(queue);
        return queue === 'C1';
      },
    );
    expect({ made, asked, written }).toEqual({ made: 1, asked: ['C1', 'C2'], written: ['free'] });
  });
});
