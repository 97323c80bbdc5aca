import { describe, expect, it } from 'vitest';
import type { EpisodeMark } from '../../../lambda/domain/triggers/trigger-order.js';
import { staleBecause } from '../../../lambda/domain/triggers/trigger-order.js';

const event = (action: 'trigger' | 'acknowledge' | 'unacknowledge' | 'resolve' | 'reopen', at: string) => ({
  sender: 'pagerduty' as const,
  action,
  at,
});

describe('Function: staleBecause', () => {
  const resolvedAt9: EpisodeMark[] = [{ kind: 'resolved', at: '2025-10-20T09:00:00.000Z' }];

  it('judges by the event time, never by what arrived first: anything before a resolve is over', () => {
    expect(staleBecause(event('trigger', '2025-10-20T06:50:00.000Z'), resolvedAt9)).toBe(
      'PagerDuty resolved it at 2025-10-20T09:00:00.000Z, not before this trigger (2025-10-20T06:50:00.000Z)',
    );
    expect(staleBecause(event('acknowledge', '2025-10-20T08:59:59.000Z'), resolvedAt9)).toBeDefined();
    expect(staleBecause(event('reopen', '2025-10-20T09:30:00.000Z'), resolvedAt9)).toBeUndefined();
  });

  it('lets the same resolve through (the incident says it is resolved already) but not an ack at that instant', () => {
    expect(staleBecause(event('resolve', '2025-10-20T09:00:00.000Z'), resolvedAt9)).toBeUndefined();
    expect(staleBecause(event('acknowledge', '2025-10-20T09:00:00.000Z'), resolvedAt9)).toBeDefined();
  });

  it('a resolve older than a reopen applied is outdated; an unacknowledgement outdates only older acknowledgements', () => {
    const marks: EpisodeMark[] = [
      { kind: 'reopened', at: '2025-10-20T08:00:00.000Z' },
      { kind: 'unacknowledged', at: '2025-10-20T08:30:00.000Z' },
    ];
    expect(staleBecause(event('resolve', '2025-10-20T07:00:00.000Z'), marks)).toContain('reopened it at');
    expect(staleBecause(event('acknowledge', '2025-10-20T08:10:00.000Z'), marks)).toContain(
      'unacknowledged it',
    );
    expect(staleBecause(event('resolve', '2025-10-20T08:10:00.000Z'), marks)).toBeUndefined();
    expect(staleBecause(event('acknowledge', '2025-10-20T08:40:00.000Z'), marks)).toBeUndefined();
  });
});
