import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTriggersApp } from '../../lambda/app/triggers.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import type { Store } from '../../lambda/store/store.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { recordingLog } from '../support/slack-fixtures.js';
import { functionUrlEvent, pagerDutyHeaders, triggerFixture } from '../support/triggers.js';

const runbooks = loadRunbooks({ env: {} });
const RAW = triggerFixture('pagerduty-incident-triggered.json');
const DELIVERY = () => functionUrlEvent('/pagerduty', RAW, pagerDutyHeaders(['pd-secret'], RAW));

/**
 * A delivery is held while applied and remembered once applied: a copy arriving meanwhile is told to
 * retry (503), and a run that died between applying and remembering is finished by the sender's retry —
 * applied again idempotently, never lost and never doubled.
 */
describe('Triggers: each delivery applied once, across crashes and concurrent copies (dynalite)', () => {
  let db: TestStore;
  let clock: Date;
  let log: ReturnType<typeof recordingLog>;

  beforeEach(async () => {
    db = await startTestStore();
    clock = new Date('2025-10-20T06:50:05Z');
    log = recordingLog();
  });
  afterEach(async () => db.close());

  function app(store: Store = db.store) {
    return createTriggersApp({
      config: configSchema.parse({
        targets: [{ name: 'dynamodb.us-east-1.amazonaws.com' }],
        slack: { channel: 'C0ALERTS' },
      }),
      store,
      runbooks,
      secrets: { generic: [], pagerduty: ['pd-secret'] },
      channel: 'C0ALERTS',
      log,
      now: () => clock,
    });
  }

  /** The store, except that remembering an applied trigger fails once (the run dies right there). */
  function dyingOnceAfterApplying(): Store {
    let failed = false;
    const requests = db.store.requests;
    return {
      ...db.store,
      requests: {
        get: (source: string, id: string) => requests.get(source, id),
        claim: async (source: string, id: string, now: Date, keepMs: number, outcome?: string) => {
          if (source === 'trigger' && !failed) {
            failed = true;
            throw new Error('the run died before remembering the delivery');
          }
          return requests.claim(source, id, now, keepMs, outcome);
        },
      } as Store['requests'],
    };
  }

  it('answers a retry 500 then 503 while the dead run holds the delivery, then applies it once when its hold ends', async () => {
    // Act: the first run applies the trigger and dies before remembering it.
    const died = await app(dyingOnceAfterApplying()).handleFunctionUrl(DELIVERY());
    const tooSoon = await app().handleFunctionUrl(DELIVERY());
    clock = new Date(clock.getTime() + 61_000);
    const retried = await app().handleFunctionUrl(DELIVERY());
    const again = await app().handleFunctionUrl(DELIVERY());

    // Assess
    expect(died.statusCode).toBe(500);
    expect(JSON.parse(died.body).reason).toBe('Lookout could not apply the trigger; retry');
    expect(tooSoon.statusCode).toBe(503);
    expect(JSON.parse(tooSoon.body).results[0].outcome).toBe('in-progress');
    expect(retried.statusCode).toBe(200);
    expect(JSON.parse(again.body).results[0].outcome).toBe('duplicate');
    const incidents = await db.store.incidents.list(10);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.version).toBe(1);
    expect((await db.store.incidents.listTimeline(incidents[0]?.id as string)).map((e) => e.kind)).toEqual([
      'OPENED',
    ]);
    expect(log.lines.filter((l) => l.message === 'trigger failed')).toHaveLength(1);
  });
});
