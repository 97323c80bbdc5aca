import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openLocalStore } from '../../bin/support/local-store.js';
import { leadLine, OCTOBER_POSTS } from '../../demo/health-posts.js';
import { replayOutage } from '../../demo/outage-replay.js';

describe('Function: replayOutage (the October-2025 race through the Route 53 API, end to end)', () => {
  it('attributes the writers, flags the race, sees EMPTY from both sides in one incident, restores, and AWS Health joins it', async () => {
    // Prepare
    const out = new PassThrough();
    let printed = '';
    out.on('data', (chunk) => {
      printed += String(chunk);
    });

    const dataDir = mkdtempSync(join(tmpdir(), 'lookout-demo-test-'));
    const local = await openLocalStore(dataDir, { create: true, notice: () => {} });

    // Act
    const result = await replayOutage({
      out,
      intervalSeconds: 0.3,
      planIntervalMs: 120,
      // AWS's first post (23 real minutes) 0.92 s after the record emptied: three probe intervals.
      healthMinuteMs: 40,
      keep: { store: local.store, dataDir },
    }).finally(() => local.close());

    // Assess: the race itself emptied the record: a live plan deleted by another worker's cleanup.
    const deletion = result.race.events.find((e) => e.action === 'deleted-plan' && e.wasApplied);
    expect(deletion?.worker).toBe(result.race.deletedBy);
    expect(result.race.events.some((e) => e.action === 'applied' && e.stale)).toBe(true);
    // One incident, opened by the race signature, joined by EMPTY from Route 53 and from the probe.
    expect(result.incident.kind).toBe('CONCURRENT_WRITERS');
    expect(result.incident.status).toBe('resolved');
    const kinds = result.timeline.map((e) => `${e.kind}:${e.source}`);
    expect(kinds[0]).toBe('OPENED:cloudtrail');
    expect(kinds).toContain('STALE_OVERWRITE:cloudtrail');
    expect(kinds).toContain('EMPTY:route53-snapshot');
    expect(kinds).toContain('EMPTY:dns-probe');
    expect(kinds).toContain('RESOLVED:lookout (auto-resolve)');
    // AWS Health's posts of that day joined this incident: one entry per version AWS posted, none for the
    // second delivery of each nor for its backup-region copy (15 deliveries in all).
    expect(result.healthDeliveries).toHaveLength(OCTOBER_POSTS.length * 3);
    expect(result.healthDeliveries.filter((d) => d.event.region === 'us-west-2')).toHaveLength(
      OCTOBER_POSTS.length,
    );
    const aws = result.timeline.filter((e) => e.source === 'aws-health');
    expect(aws.map((e) => e.kind)).toEqual([
      'HEALTH_EVENT',
      'HEALTH_UPDATE',
      'HEALTH_UPDATE',
      'HEALTH_UPDATE',
      'RECOVERED',
    ]);
    for (const [i, post] of OCTOBER_POSTS.entries()) expect(aws[i]?.text).toContain(post.text);
    // Each post counts from the same detection the lead line does: Lookout's first EMPTY, not the race
    // that opened the incident.
    for (const entry of aws) expect(entry.text).toMatch(/ after Lookout's first EMPTY$/);
    // Lookout's own detection first: Route 53's EMPTY and the probe's, both before AWS's first post.
    const firstAws = result.timeline.findIndex((e) => e.source === 'aws-health');
    expect(result.timeline.findIndex((e) => e.kind === 'EMPTY')).toBeLessThan(firstAws);
    expect(result.timeline.findIndex((e) => e.kind === 'EMPTY' && e.source === 'dns-probe')).toBeLessThan(
      firstAws,
    );
    // AWS's close, the last condition of the incident to end, resolved it.
    expect(kinds.slice(-2)).toEqual(['RECOVERED:aws-health', 'RESOLVED:lookout (auto-resolve)']);
    // The lead over AWS's first post, from the measured times, printed.
    const lookoutEmpty = result.timeline.find((e) => e.kind === 'EMPTY');
    const expectedLead = leadLine(lookoutEmpty?.at ?? '', aws[0]?.at ?? '', 40);
    expect(result.leadLine).toBe(expectedLead);
    expect(printed).toContain(`${expectedLead}\n`);
    expect(expectedLead).toMatch(
      /^Lookout detected EMPTY \d+ min \(scaled: \d+\.\d s\) before AWS's first Health post$/,
    );
    // Each writer is named from its own assumed-role session.
    const writers = new Set(result.timeline.flatMap((e) => e.changes ?? []).map((c) => c.writer.sessionName));
    expect([...writers].sort()).toEqual(expect.arrayContaining(['enactor-1', 'enactor-3', 'alice']));
    // The probe told NODATA (the name still exists) from both servers.
    const probeEmpty = result.timeline.find((e) => e.kind === 'EMPTY' && e.source === 'dns-probe');
    expect(probeEmpty?.evidence?.map((o) => o.kind)).toEqual(['NODATA', 'NODATA']);
    // The restore was a compare-and-swap CREATE, INSYNC and verified, each step on the timeline.
    const notes = result.timeline.filter((e) => e.kind === 'NOTE').map((e) => e.text);
    expect(notes.some((t) => /submitted change C\w+ \(CREATE\)/.test(t))).toBe(true);
    expect(notes.some((t) => t.startsWith('restore: INSYNC'))).toBe(true);
    expect(notes.some((t) => t.startsWith('restore: verified'))).toBe(true);
    // Two probes: latency is bounded by the probe rhythm, not by luck — counted in probe rounds (the one
    // under way when the record emptied may have looked just before), never in seconds of a busy machine.
    // How many seconds that is, is `npm run bench`'s business (BENCHMARKS.md, demo detection latency).
    expect(result.detectionLatencySeconds).toBeGreaterThan(0);
    expect(result.detectionRounds).toBeGreaterThanOrEqual(2);
    expect(result.detectionRounds).toBeLessThanOrEqual(3);
    expect(printed).toMatch(/detection latency: \d+\.\d s\n/);
    expect(printed).toContain('is the LIVE plan');
    // The race lines in the order things happened: the live plan's deletion, then the empty record.
    expect(printed.indexOf('is the LIVE plan')).toBeLessThan(printed.indexOf('A is now EMPTY'));
    // The timeline in causal order: the DELETE after every write it raced with, before the EMPTY it caused.
    const index = (p: (e: (typeof result.timeline)[number]) => boolean) => result.timeline.findIndex(p);
    const deleteAt = index((e) => e.kind === 'RECORD_CHANGED' && e.changes?.[0]?.action === 'DELETE');
    expect(deleteAt).toBeGreaterThan(index((e) => e.kind === 'STALE_OVERWRITE'));
    expect(deleteAt).toBeLessThan(index((e) => e.kind === 'EMPTY'));
    const enactorUpserts = result.timeline.filter(
      (e) => e.changes?.[0]?.action === 'UPSERT' && e.changes[0].writer.sessionName?.startsWith('enactor'),
    );
    for (const upsert of enactorUpserts) expect(result.timeline.indexOf(upsert)).toBeLessThan(deleteAt);
    // The incident outlives the demo: its data directory is named, and `lookout show` reads it there.
    expect(printed).toMatch(new RegExp(`lookout show ${result.incident.id} --data ${dataDir}\n$`));
    const reopened = await openLocalStore(dataDir);
    try {
      // One incident: AWS's event opened none of its own.
      expect((await reopened.store.incidents.list(10)).map((i) => i.id)).toEqual([result.incident.id]);
      expect((await reopened.store.incidents.get(result.incident.id))?.status).toBe('resolved');
      expect(await reopened.store.incidents.listTimeline(result.incident.id)).toEqual(result.timeline);
    } finally {
      await reopened.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
