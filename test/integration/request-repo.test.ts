import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore, type TestStore } from '../support/dynalite.js';

const at = (iso: string) => new Date(iso);

describe('RequestRepo on dynalite', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await startTestStore();
  });
  afterAll(async () => t.close());

  it('lets the first claim of a request win and refuses its repeats while the claim lasts', async () => {
    const { requests } = t.store;
    const now = at('2026-12-02T10:00:00.000Z');
    expect(await requests.claim('slack', 'cmd-1', now, 60_000, 'ack')).toBe(true);
    expect(await requests.claim('slack', 'cmd-1', at('2026-12-02T10:00:59.000Z'), 60_000)).toBe(false);
    expect(await requests.get('slack', 'cmd-1')).toEqual({
      seenAt: now.toISOString(),
      expiresAtMs: now.getTime() + 60_000,
      outcome: 'ack',
    });
  });

  it('keeps sources apart: the same id from two senders is two requests', async () => {
    const now = at('2026-12-02T11:00:00.000Z');
    expect(await t.store.requests.claim('pagerduty', 'w-1', now, 60_000)).toBe(true);
    expect(await t.store.requests.claim('alertmanager', 'w-1', now, 60_000)).toBe(true);
  });

  it('lets an expired claim be taken again at once, without waiting for TTL to remove it', async () => {
    const { requests } = t.store;
    expect(await requests.claim('slack', 'cmd-2', at('2026-12-02T12:00:00.000Z'), 1_000)).toBe(true);
    expect(await requests.claim('slack', 'cmd-2', at('2026-12-02T12:00:01.001Z'), 1_000)).toBe(true);
    expect(await requests.claim('slack', 'cmd-2', at('2026-12-02T12:00:01.500Z'), 1_000)).toBe(false);
    expect(await requests.get('slack', 'never')).toBeUndefined();
  });

  it('gives a claim back so the request can be claimed again, but never removes a later claim', async () => {
    const { requests } = t.store;
    const first = at('2026-12-02T13:00:00.000Z');
    const later = at('2026-12-02T13:02:00.000Z');
    expect(await requests.claim('trigger-signature', 's-1', first, 60_000)).toBe(true);
    expect(await requests.release('trigger-signature', 's-1', first)).toBe(true);
    expect(await requests.claim('trigger-signature', 's-1', first, 60_000)).toBe(true);
    // Ours expired and another request claimed it: a late release of ours leaves theirs alone.
    expect(await requests.claim('trigger-signature', 's-1', later, 60_000)).toBe(true);
    expect(await requests.release('trigger-signature', 's-1', first)).toBe(false);
    expect(await requests.claim('trigger-signature', 's-1', later, 60_000)).toBe(false);
  });
});
