import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeRoute53 } from '../../emulators/route53/index.js';
import { a, change, route53Client } from '../../emulators/route53/sdk-helpers.js';
import { createRoute53App } from '../../lambda/app/route53.js';
import { createRoute53Clients } from '../../lambda/app/route53-clients.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import { silentLog } from '../../lambda/ports/log.js';
import { handleChangeEvent } from '../../lambda/service/route53/change-events.js';
import { DnsProbe } from '../../lambda/sources/dns/dns-probe.js';
import { fromSdkRecordSet } from '../../lambda/sources/route53/record-set-mapping.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { pipeline } from '../support/pipeline.js';

const NAME = 'dynamodb.us-east-1.amazonaws.com';
const ROLE = 'arn:aws:sts::111122223333:assumed-role/dns-enactor';
const PLAN_1 = ['10.0.0.1', '10.0.0.2'];
const PLAN_2 = ['10.0.0.3', '10.0.0.4'];

describe('Route 53 change events → writers, race signature, EMPTY (real SDK, Route 53 API server, dynalite)', () => {
  let fake: FakeRoute53;
  let db: TestStore;
  let zoneId: string;
  let dnsAddress: string;
  let endpoint: string;

  beforeEach(async () => {
    fake = new FakeRoute53({ throttling: false });
    const started = await fake.start();
    endpoint = started.endpoint;
    dnsAddress = started.dnsAddress as string;
    zoneId = await fake.createZone({ name: 'us-east-1.amazonaws.com' });
    fake.registerPrincipal('ASIAENACTOR1', `${ROLE}/enactor-1`);
    fake.registerPrincipal('ASIAENACTOR3', `${ROLE}/enactor-3`);
    db = await startTestStore();
  });
  afterEach(async () => {
    await Promise.all([fake.stop(), db.close()]);
  });

  it('names the racing writers, flags the stale overwrite, and joins EMPTY from the API and the probe in one incident', async () => {
    // Prepare: the record exists, Lookout's stored view of the zone has it, the probe has a baseline.
    const enactor1 = route53Client(endpoint, 'ASIAENACTOR1');
    const enactor3 = route53Client(endpoint, 'ASIAENACTOR3');
    await change(enactor1, zoneId, [{ Action: 'UPSERT', ResourceRecordSet: a(NAME, PLAN_1) }]);
    await db.store.recordSets.putRecordSets([fromSdkRecordSet(zoneId, a(NAME, PLAN_1))]);
    const first = fake.cloudTrailEvents[0];
    const config = configSchema.parse({ targets: [{ name: NAME }], route53: { zones: [{ id: zoneId }] } });
    const services = createRoute53App({
      store: db.store,
      config,
      clients: createRoute53Clients({ client: route53Client(endpoint), endpoint }),
      log: silentLog,
      now: () => new Date(),
      channel: '#alerts',
    });
    const probeTarget = {
      id: `${NAME}/A`,
      name: NAME,
      type: 'A' as const,
      mode: 'pool' as const,
      resolvers: [dnsAddress],
    };
    await handleChangeEvent(first, { ...services, log: silentLog, now: () => new Date() });
    // A second between probes, as the watch loop spaces them: two probes in one millisecond with the same
    // answer are one observation (same id), counted once by the detector.
    let probeClock = Date.now();
    const probe = new DnsProbe({
      timeoutMs: 5_000,
      now: () => {
        probeClock += 1000;
        return new Date(probeClock);
      },
    });
    const { processor } = pipeline(db.store, { channel: '#alerts' });
    await processor.process(await probe.probe(probeTarget), probeTarget);

    // Act: the October sequence through the real API, under two identities; each CloudTrail event is
    // handled as it arrives (EventBridge delivers within seconds), so each re-snapshot sees that moment.
    const results: Awaited<ReturnType<typeof handleChangeEvent>>[] = [];
    const deliver = async () => {
      const event = fake.cloudTrailEvents.at(-1);
      results.push(await handleChangeEvent(event, { ...services, log: silentLog, now: () => new Date() }));
    };
    await change(enactor1, zoneId, [{ Action: 'UPSERT', ResourceRecordSet: a(NAME, PLAN_2) }]);
    await deliver();
    await change(
      enactor3,
      zoneId,
      [{ Action: 'UPSERT', ResourceRecordSet: a(NAME, PLAN_1) }],
      'apply plan 1041',
    );
    await deliver();
    await change(
      enactor1,
      zoneId,
      [{ Action: 'DELETE', ResourceRecordSet: a(NAME, PLAN_1) }],
      'cleanup plan 1041',
    );
    await deliver();
    // The probe sees the emptied record too (the server serves its zone over real DNS).
    for (let i = 0; i < 2; i++) await processor.process(await probe.probe(probeTarget), probeTarget);

    // Assess
    expect(results.every((r) => r.resnapshot === 'done')).toBe(true);
    const incidents = await db.store.incidents.list();
    expect(incidents).toHaveLength(1);
    const [incident] = incidents;
    expect(incident?.kind).toBe('CONCURRENT_WRITERS');
    const timeline = await db.store.incidents.listTimeline(incident?.id as string);
    const kinds = timeline.map((e) => `${e.kind}:${e.source}`);
    expect(kinds).toContain('OPENED:cloudtrail');
    expect(kinds).toContain('STALE_OVERWRITE:cloudtrail');
    expect(kinds).toContain('EMPTY:route53-snapshot');
    expect(kinds).toContain('EMPTY:dns-probe');
    const opened = timeline.find((e) => e.kind === 'OPENED');
    expect(opened?.text).toContain('dns-enactor/enactor-1, dns-enactor/enactor-3');
    expect(opened?.changes?.[0]?.writer.sessionName).toBe('enactor-3');
    const stale = timeline.find((e) => e.kind === 'STALE_OVERWRITE');
    expect(stale?.text).toMatch(/enactor-3 \(dns-enactor\) wrote back version 1 .* over the newer version 2/);
    const deleted = timeline
      .filter((e) => e.kind === 'RECORD_CHANGED' && e.source === 'cloudtrail')
      .map((e) => e.text);
    expect(deleted.at(-1)).toMatch(/^enactor-1 \(dns-enactor\) DELETE/);
    expect(timeline.find((e) => e.kind === 'EMPTY' && e.source === 'route53-snapshot')?.text).toContain(
      'the record set was deleted',
    );
  });

  it('processes a replayed event once, and re-reads nothing when no Route 53 client is given', async () => {
    const enactor1 = route53Client(endpoint, 'ASIAENACTOR1');
    await change(enactor1, zoneId, [{ Action: 'UPSERT', ResourceRecordSet: a(NAME, PLAN_1) }]);
    const config = configSchema.parse({ targets: [{ name: NAME }] });
    const services = createRoute53App({
      store: db.store,
      config,
      log: silentLog,
      now: () => new Date(),
    });
    const { zoneView: _unused, ...withoutView } = services;
    const event = fake.cloudTrailEvents[0];
    const first = await handleChangeEvent(event, { ...withoutView, log: silentLog, now: () => new Date() });
    const again = await handleChangeEvent(event, { ...withoutView, log: silentLog, now: () => new Date() });
    expect(first.resnapshot).toBe('skipped');
    expect(first.changes[0]?.writer.sessionName).toBe('enactor-1');
    expect(
      (await db.store.recordSets.history(first.changes[0]?.recordSet.key as never)).versions,
    ).toHaveLength(1);
    expect(again.entries).toEqual([]);
  });

  it('rejects an event that is not a valid ChangeResourceRecordSets record, naming the field', async () => {
    const config = configSchema.parse({ targets: [{ name: NAME }] });
    const services = createRoute53App({
      store: db.store,
      config,
      log: silentLog,
      now: () => new Date(),
    });
    const bad = {
      source: 'aws.route53',
      'detail-type': 'AWS API Call via CloudTrail',
      detail: { eventName: 'ChangeResourceRecordSets' },
    };
    await expect(
      handleChangeEvent(bad, { ...services, log: silentLog, now: () => new Date() }),
    ).rejects.toThrow(/detail\./);
  });
});
