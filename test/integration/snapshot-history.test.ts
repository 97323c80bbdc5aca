import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeRoute53 } from '../../emulators/route53/index.js';
import { a, change, route53Client } from '../../emulators/route53/sdk-helpers.js';
import { createRestoreService } from '../../lambda/app/restore.js';
import { createRoute53App } from '../../lambda/app/route53.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import { ABSENT } from '../../lambda/domain/route53/history.js';
import { silentLog } from '../../lambda/ports/log.js';
import { NoLastKnownGoodError } from '../../lambda/service/route53/restore.js';
import { ChangeHistoryClient } from '../../lambda/sources/route53/change-history-client.js';
import { Route53Adapter } from '../../lambda/sources/route53/route53-adapter.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';

const ZONE = 'example.com';
const NAME = `api.${ZONE}`;
const GOOD = ['10.0.0.1'];
const ROLE = 'arn:aws:sts::111122223333:assumed-role/dns-enactor';
const START = Date.parse('2026-12-02T10:00:00.000Z');

/**
 * A local `lookout start` with a `route53` section, minus the process: the same poller, zone view,
 * Change History reader and restore service over FakeRoute53 and dynalite, all on one injected clock
 * (Lookout's and the Route 53 API server's), so "stayed current for 300 s" is tested without waiting.
 */
describe('Zone snapshots build the version history restore needs (FakeRoute53, dynalite, one clock)', () => {
  let fake: FakeRoute53;
  let db: TestStore;
  let endpoint: string;
  let minutes = 0;
  const clock = () => new Date(START + minutes * 60_000);
  const iso = (m: number) => new Date(START + m * 60_000).toISOString();

  beforeEach(async () => {
    minutes = 0;
    fake = new FakeRoute53({ throttling: false, clock });
    ({ endpoint } = await fake.start());
    fake.registerPrincipal('ASIAENACTOR1', `${ROLE}/enactor-1`);
    fake.registerPrincipal('ASIAENACTOR2', `${ROLE}/enactor-2`);
    db = await startTestStore();
  });
  afterEach(async () => {
    await Promise.all([fake.stop(), db.close()]);
  });

  /** The wiring of bin/support/local-route53.ts over the test servers. */
  function local(zoneId: string, options: { deadline?: () => number } = {}) {
    const config = configSchema.parse({ targets: [{ name: NAME }], route53: { zones: [{ id: zoneId }] } });
    const adapter = new Route53Adapter(route53Client(endpoint));
    const history = new ChangeHistoryClient({
      endpoint,
      credentials: { accessKeyId: 'ASIALOOKOUT', secretAccessKey: 'x' },
    });
    const services = createRoute53App({
      store: db.store,
      config,
      clients: { adapter, history },
      log: silentLog,
      now: clock,
      ...options,
    });
    const poller = { poll: (id: string) => services.pollZone(id) };
    const poll = () => services.poll({ posture: false });
    const restore = createRestoreService(
      { store: db.store, clients: { adapter }, log: silentLog, now: clock },
      { stableSeconds: 300 },
    );
    const prepare = () => restore.prepare({ zoneId, name: NAME, type: 'A', by: 'cli:test' });
    return { poller, poll, prepare, zoneView: services.zoneView };
  }
  const history = async (zoneId: string) => db.store.recordSets.history({ zoneId, name: NAME, type: 'A' });
  const put = (zoneId: string, values: string[], key = 'ASIAENACTOR1') =>
    change(route53Client(endpoint, key), zoneId, [{ Action: 'UPSERT', ResourceRecordSet: a(NAME, values) }]);
  const remove = (zoneId: string, values: string[], key = 'ASIAENACTOR1') =>
    change(route53Client(endpoint, key), zoneId, [
      { Action: 'DELETE', ResourceRecordSet: a(NAME, values) as ResourceRecordSet },
    ]);

  it('records what snapshots saw — first seen, seen gone, writer unknown — and restore finds the version that was there', async () => {
    // Prepare: a STANDARD zone (no Change History); snapshots at 0 and 10 min see the record, then it is deleted.
    const zoneId = await fake.createZone({ name: ZONE });
    await put(zoneId, GOOD);
    const { poll, prepare } = local(zoneId);
    await poll();
    minutes = 10;
    await poll();
    minutes = 12;
    await remove(zoneId, GOOD);

    // Act
    minutes = 15;
    const summary = await poll();
    minutes = 16;
    const prepared = await prepare();

    // Assess
    expect(summary.results[0]?.signals.map((s) => s.kind)).toContain('EMPTY');
    const versions = (await history(zoneId)).versions;
    expect(
      versions.map((v) => ({
        hash: v.hash === ABSENT ? ABSENT : 'content',
        since: v.since,
        writer: v.writer,
        source: v.source,
      })),
    ).toEqual([
      { hash: 'content', since: iso(0), writer: undefined, source: 'route53-snapshot' },
      { hash: ABSENT, since: iso(15), writer: undefined, source: 'route53-snapshot' },
    ]);
    // The deletion happened after the last snapshot that still saw the record (it started at 10 min).
    expect(versions[1]?.changedAfter).toBe(iso(10));
    expect(prepared.good.content.values).toEqual(GOOD);
    expect(prepared.goodVersion).toBe(1);
    expect(prepared.plan.changes.map((c) => c.action)).toEqual(['CREATE']);
    const plan = prepared.steps.find((s) => s.step === 'plan')?.text ?? '';
    expect(plan).toContain('first seen 2026-12-02 10:00:00 UTC by a zone snapshot');
    expect(plan).toContain('writer unknown');
    expect(plan).not.toMatch(/undefined|\?|NaN/);

    // A repeated snapshot adds nothing, nor does the same difference applied again (a crash after the
    // history was saved but before the zone view was).
    minutes = 20;
    await poll();
    await local(zoneId).zoneView.apply(zoneId, [prepared.good.content], [], 'snap:again', iso(21));
    expect((await history(zoneId)).versions).toEqual(versions);
  });

  it('restore finds the version the last snapshot saw when the record went away before the next snapshot', async () => {
    const zoneId = await fake.createZone({ name: ZONE });
    await put(zoneId, GOOD);
    const { poll, prepare } = local(zoneId);
    await poll();
    minutes = 10;
    await poll();
    minutes = 11;
    await remove(zoneId, GOOD);
    minutes = 12;

    const prepared = await prepare();

    // Nothing changed between the snapshots, so nothing was written to the history: the zone view is the evidence.
    expect((await history(zoneId)).versions).toEqual([]);
    expect(prepared.good.content.values).toEqual(GOOD);
    expect(prepared.good.since).toBe(iso(0));
    expect(prepared.good.writer).toBeUndefined();
  });

  it('never counts time nobody saw: one snapshot is no evidence of stability, and restore says so', async () => {
    const zoneId = await fake.createZone({ name: ZONE });
    await put(zoneId, GOOD);
    const { poll, prepare } = local(zoneId);
    await poll();
    minutes = 30;
    await remove(zoneId, GOOD);
    minutes = 40;
    await poll();

    const error = await prepare().then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(NoLastKnownGoodError);
    const message = (error as Error).message;
    expect(message).toContain('2 version(s) in its history');
    // Seen once at 0 min and gone at 40 min: it may have been deleted a second after that snapshot.
    expect(message).toContain('the longest a non-empty version was seen current: 0 s');
  });

  it('takes writers and times from Change History where the zone has it, into the versions snapshots saw, once', async () => {
    // Prepare: an ADVANCED zone; the record was created two hours before Lookout first looked.
    const zoneId = await fake.createZone({ name: ZONE, tier: 'ADVANCED' });
    minutes = -120;
    await put(zoneId, GOOD, 'ASIAENACTOR1');
    minutes = 0;
    const { poll, prepare } = local(zoneId);
    await poll();
    minutes = 5;
    await remove(zoneId, GOOD, 'ASIAENACTOR2');

    // Act: the snapshot sees the deletion first, then Change History says who and when.
    minutes = 10;
    await poll();
    minutes = 20;
    await poll();
    const prepared = await prepare();

    // Assess
    const versions = (await history(zoneId)).versions;
    expect(
      versions.map((v) => [
        v.hash === ABSENT ? ABSENT : v.content?.values,
        v.since,
        v.writer?.sessionName,
        v.source,
      ]),
    ).toEqual([
      [GOOD, iso(-120), 'enactor-1', 'change-history'],
      [ABSENT, iso(5), 'enactor-2', 'change-history'],
    ]);
    expect(prepared.goodVersion).toBe(1);
    expect(prepared.steps.find((s) => s.step === 'plan')?.text).toContain(
      'since 2026-12-02 08:00:00 UTC, by enactor-1 (dns-enactor)',
    );
  });

  it('adds nothing twice when a snapshot that saw the change is cut short and resumed', async () => {
    const zoneId = await fake.createZone({ name: ZONE });
    fake.seed(
      zoneId,
      Array.from({ length: 400 }, (_, i) =>
        a(`host-${String(i).padStart(3, '0')}.${ZONE}`, [`10.1.${i >> 8}.${i & 255}`]),
      ),
    );
    await put(zoneId, GOOD);
    await local(zoneId).poll();
    minutes = 10;
    await local(zoneId).poll();
    await remove(zoneId, GOOD);
    minutes = 15;
    expect(await local(zoneId, { deadline: () => 0 }).poller.poll(zoneId)).toMatchObject({ complete: false });

    minutes = 16;
    await local(zoneId).poll();
    minutes = 17;
    await local(zoneId).poll();

    const versions = (await history(zoneId)).versions;
    expect(versions.map((v) => [v.hash === ABSENT ? ABSENT : 'content', v.since])).toEqual([
      ['content', iso(0)],
      [ABSENT, iso(16)],
    ]);
    // The cut-short snapshot started at 15 min, after the deletion: only the last complete one counts as "last seen".
    expect(versions[1]?.changedAfter).toBe(iso(10));
  });
});
