import { describe, expect, it } from 'vitest';
import { describeOutbox } from '../../../bin/support/outbox-output.js';
import type { OutboxItem } from '../../../lambda/store/ports.js';

const NOW = new Date('2025-10-20T07:00:00.000Z');

function pending(entryId: string, kind: OutboxItem['entry']['kind'], at: string): OutboxItem {
  return {
    channel: '#alerts',
    incidentId: 'inc-1',
    seq: `${at}#5#${entryId}`,
    entry: { incidentId: 'inc-1', entryId, at, kind, source: 'test', text: 'x' },
    status: 'pending',
    attempts: 0,
    enqueuedAt: at,
  };
}

describe('Function: describeOutbox', () => {
  it('lists a channel’s pending items in time order, though the outbox lists state changes first', () => {
    // Prepare: as listPending returns them — the EMPTY (a state change) before the older record change
    const view = {
      pending: [
        pending('e-empty', 'EMPTY', '2025-10-20T06:50:00.000Z'),
        pending('e-change', 'RECORD_CHANGED', '2025-10-20T06:49:00.000Z'),
      ],
      failed: [],
    };

    // Act
    const text = describeOutbox(view, NOW, 'UTC');

    // Assess
    expect(text.indexOf('e-change')).toBeGreaterThan(-1);
    expect(text.indexOf('e-change')).toBeLessThan(text.indexOf('e-empty'));
    expect(text).toContain('#alerts: 2 pending, 0 failed');
  });
});
