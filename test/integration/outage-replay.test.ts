import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { replayOutage } from '../../demo/outage-replay.js';

describe('Function: replayOutage (the October-2025 race, end to end)', () => {
  it('detects the record the race emptied, tells NODATA apart, and resolves after the restore', async () => {
    // Prepare
    const out = new PassThrough();
    let printed = '';
    out.on('data', (chunk) => {
      printed += String(chunk);
    });

    // Act
    const result = await replayOutage({ out, intervalSeconds: 0.3, planIntervalMs: 40 });

    // Assess: the race itself emptied the record: a live plan deleted by another worker's cleanup.
    const deletion = result.race.events.find((e) => e.action === 'deleted-plan' && e.wasApplied);
    expect(deletion?.worker).toBe(result.race.deletedBy);
    expect(result.race.events.some((e) => e.action === 'applied' && e.stale)).toBe(true);
    // Lookout saw it as EMPTY (NODATA: the name still exists) from both servers, once, and resolved it.
    expect(result.incident.kind).toBe('EMPTY');
    expect(result.incident.status).toBe('resolved');
    expect(result.timeline.map((e) => e.kind)).toEqual(['OPENED', 'RECOVERED', 'RESOLVED']);
    const evidence = result.timeline[0]?.evidence ?? [];
    expect(evidence).toHaveLength(2);
    expect(evidence.every((o) => o.kind === 'NODATA' && o.negativeTtl === 5)).toBe(true);
    // Two probes at 0.3 s must see it: latency is bounded by the probe rhythm, not by luck.
    expect(result.detectionLatencySeconds).toBeGreaterThan(0);
    expect(result.detectionLatencySeconds).toBeLessThan(3);
    expect(printed).toMatch(/detection latency: \d+\.\d s\n$/);
    expect(printed).toContain('is the LIVE plan');
  });
});
