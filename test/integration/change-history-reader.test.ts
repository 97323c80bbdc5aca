import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeRoute53 } from '../../emulators/route53/index.js';
import { a, change, route53Client } from '../../emulators/route53/sdk-helpers.js';
import { createRoute53App } from '../../lambda/app/route53.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import { silentLog } from '../../lambda/ports/log.js';
import { handleChangeEvent } from '../../lambda/service/route53/change-events.js';
import { readChangeHistory } from '../../lambda/service/route53/change-history-reader.js';
import { ChangeHistoryClient } from '../../lambda/sources/route53/change-history-client.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';

const NAME = 'api.example.com';
const ROLE = 'arn:aws:sts::111122223333:assumed-role/dns-enactor';

describe('Function: readChangeHistory (signed REST → Route 53 API server, dynalite)', () => {
  let fake: FakeRoute53;
  let db: TestStore;
  let endpoint: string;

  beforeEach(async () => {
    fake = new FakeRoute53({ throttling: false });
    ({ endpoint } = await fake.start());
    fake.registerPrincipal('ASIAENACTOR1', `${ROLE}/enactor-1`);
    fake.registerPrincipal('ASIAENACTOR2', `${ROLE}/enactor-2`);
    db = await startTestStore();
  });
  afterEach(async () => {
    await Promise.all([fake.stop(), db.close()]);
  });

  function services() {
    const config = configSchema.parse({ targets: [{ name: NAME }] });
    return createRoute53App({ store: db.store, config, log: silentLog, now: () => new Date() });
  }
  const client = () =>
    new ChangeHistoryClient({ endpoint, credentials: { accessKeyId: 'ASIALOOKOUT', secretAccessKey: 'x' } });

  it('attributes writers from Change History once, from a cursor, and does not double-count the same change seen in CloudTrail', async () => {
    const zoneId = await fake.createZone({ name: 'example.com', tier: 'ADVANCED' });
    await change(route53Client(endpoint, 'ASIAENACTOR1'), zoneId, [
      { Action: 'UPSERT', ResourceRecordSet: a(NAME, ['10.0.0.1']) },
    ]);
    await change(route53Client(endpoint, 'ASIAENACTOR2'), zoneId, [
      { Action: 'UPSERT', ResourceRecordSet: a(NAME, ['10.0.0.2']) },
    ]);
    const s = services();

    const first = await readChangeHistory(zoneId, {
      client: client(),
      store: db.store,
      ingest: s.ingest,
      log: silentLog,
    });
    const again = await readChangeHistory(zoneId, {
      client: client(),
      store: db.store,
      ingest: s.ingest,
      log: silentLog,
    });

    expect(first.available).toBe(true);
    expect(first.changes).toBeGreaterThanOrEqual(2);
    expect(again.changes).toBe(0);
    const history = await db.store.recordSets.history({ zoneId, name: NAME, type: 'A' });
    expect(history.versions.map((v) => [v.writer?.sessionName, v.source])).toEqual([
      ['enactor-1', 'change-history'],
      ['enactor-2', 'change-history'],
    ]);
    expect((await db.store.incidents.list()).map((i) => i.kind)).toEqual(['CONCURRENT_WRITERS']);
    // The same changes arriving later through CloudTrail are recognised (same change id and index).
    for (const event of fake.cloudTrailEvents) {
      const result = await handleChangeEvent(event, {
        ingest: s.ingest,
        log: silentLog,
        now: () => new Date(),
      });
      expect(result.entries).toEqual([]);
    }
    expect((await db.store.recordSets.history({ zoneId, name: NAME, type: 'A' })).versions).toHaveLength(2);
  });

  it('treats FeatureNotEnabled on a STANDARD zone as "not available", not as an error', async () => {
    const zoneId = await fake.createZone({ name: 'example.com', tier: 'STANDARD' });
    const read = await readChangeHistory(zoneId, {
      client: client(),
      store: db.store,
      ingest: services().ingest,
      log: silentLog,
    });
    expect(read).toEqual({ available: false, batches: 0, changes: 0, entries: [] });
  });
});
