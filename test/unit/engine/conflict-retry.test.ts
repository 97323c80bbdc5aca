import { describe, expect, it } from 'vitest';
import { IncidentWriter } from '../../../lambda/engine/incident-writer.js';
import { silentLog } from '../../../lambda/ports/log.js';
import { ConcurrentUpdateError } from '../../../lambda/store/errors.js';
import type { Store } from '../../../lambda/store/store.js';

/** A store whose open-incident claim is changed by another writer every single time it is read. */
function everContended(): { store: Store; reads: () => number } {
  let reads = 0;
  const incidents = {
    openClaim: async () => {
      reads++;
      throw new ConcurrentUpdateError('OPEN#api.example.com/A');
    },
  };
  return { store: { incidents } as unknown as Store, reads: () => reads };
}

describe('IncidentWriter under endless contention', () => {
  it('tries 10 times with a growing, capped wait (injected), then says which incident it gave up on', async () => {
    const { store, reads } = everContended();
    const waits: number[] = [];
    const writer = new IncidentWriter({
      store,
      autoResolve: true,
      log: silentLog,
      now: () => new Date('2025-10-20T07:00:00Z'),
      sleep: async (ms) => void waits.push(ms),
    });
    const signal = {
      kind: 'EMPTY',
      at: '2025-10-20T06:48:00.000Z',
      summary: 'api.example.com A is empty',
    } as unknown as Parameters<IncidentWriter['apply']>[0];
    const error = await writer
      .apply(signal, { id: 'api.example.com/A', name: 'api.example.com', type: 'A' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrentUpdateError);
    expect((error as Error).message).toContain('incident for api.example.com/A (after 10 attempts)');
    expect((error as Error).cause).toBeInstanceOf(ConcurrentUpdateError);
    expect(reads()).toBe(10);
    expect(waits).toEqual([20, 40, 80, 160, 320, 640, 1280, 1280, 1280]);
  });
});
