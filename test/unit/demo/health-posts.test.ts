import { describe, expect, it } from 'vitest';
import { healthDeliveries, leadLine, OCTOBER_POSTS } from '../../../demo/health-posts.js';
import { parseHealthEvent } from '../../../lambda/sources/health/health-events.js';

describe('Function: healthDeliveries (AWS Health posts of 2025-10-20 on the demo clock)', () => {
  const emptied = new Date('2026-12-02T13:00:00.000Z');

  it('scales the real minutes after the record emptied to the demo clock', () => {
    // Act
    const deliveries = healthDeliveries(emptied, 100);

    // Assess: 23, 98, 133 and 159 minutes; the close one scaled minute after the last post.
    const firsts = deliveries.filter((d) => d.copy === 'first');
    expect(firsts.map((d) => d.dueMs)).toEqual([2300, 9800, 13300, 15900, 16000]);
    expect(firsts.map((d) => parseHealthEvent(d.event).lastUpdatedTime)).toEqual([
      '2026-12-02T13:00:02.300Z',
      '2026-12-02T13:00:09.800Z',
      '2026-12-02T13:00:13.300Z',
      '2026-12-02T13:00:15.900Z',
      '2026-12-02T13:00:16.000Z',
    ]);
    expect(firsts.map((d) => parseHealthEvent(d.event).status)).toEqual([
      'open',
      'open',
      'open',
      'open',
      'closed',
    ]);
  });

  it('delivers each version twice from us-east-1 and once as the backup copy from us-west-2', () => {
    // Act
    const deliveries = healthDeliveries(emptied, 100);

    // Assess
    expect(deliveries).toHaveLength(OCTOBER_POSTS.length * 3);
    for (const [version] of OCTOBER_POSTS.entries()) {
      const copies = deliveries.filter((d) => d.version === version);
      expect(copies.map((d) => d.copy)).toEqual(['first', 'again', 'backup']);
      expect(copies.map((d) => d.event.region)).toEqual(['us-east-1', 'us-east-1', 'us-west-2']);
      expect(copies[1]?.event).toEqual(copies[0]?.event);
      const backup = parseHealthEvent(copies[2]?.event);
      const first = parseHealthEvent(copies[0]?.event);
      expect(backup.backup).toBe(true);
      expect(backup.communicationId).toBe(first.communicationId);
      expect(backup.arn).toBe(first.arn);
    }
    // Every version says something else, so each is a version of its own to Lookout.
    expect(new Set(OCTOBER_POSTS.map((p) => `${p.status}:${p.text}`)).size).toBe(OCTOBER_POSTS.length);
  });
});

describe('Function: leadLine', () => {
  it('tells how far ahead Lookout was, on the demo clock and at the real pace', () => {
    // Act
    const line = leadLine('2026-12-02T13:00:00.200Z', '2026-12-02T13:00:02.300Z', 100);

    // Assess
    expect(line).toBe("Lookout detected EMPTY 21 min (scaled: 2.1 s) before AWS's first Health post");
  });

  it('says so when AWS posted first', () => {
    // Act
    const line = leadLine('2026-12-02T13:00:03.000Z', '2026-12-02T13:00:02.300Z', 100);

    // Assess
    expect(line).toBe("AWS's first Health post came 7 min (scaled: 0.7 s) before Lookout detected EMPTY");
  });
});
