import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHealthApp } from '../../lambda/app/health.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import { silentLog } from '../../lambda/ports/log.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { target } from '../support/observations.js';

type Json = Record<string, unknown> & { detail: Record<string, unknown> };
const base = (): Json =>
  JSON.parse(
    readFileSync(new URL('../events/health/public-ec2-issue.json', import.meta.url), 'utf8'),
  ) as Json;

const CHANNEL = '#alerts';
const V1 = 'Wed, 15 Feb 2023 22:07:07 GMT';
const V2 = 'Wed, 15 Feb 2023 23:30:00 GMT';

/** One EventBridge page naming 1,500 instances (~230 KB: under EventBridge's 256 KB). */
function page(n: number, totalPages: number, from: number, lastUpdatedTime = V1): Json {
  const event = base();
  return {
    ...event,
    id: `page-${n}-${lastUpdatedTime}`,
    detail: {
      ...event.detail,
      eventArn: `${event.detail.eventArn as string}/big`,
      eventScopeCode: 'ACCOUNT_SPECIFIC',
      lastUpdatedTime,
      page: String(n),
      totalPages: String(totalPages),
      affectedEntities: Array.from({ length: 1_500 }, (_, i) => ({
        entityValue: `arn:aws:ec2:us-east-1:123456789012:instance/i-${String(from + i).padStart(17, '0')}`,
        status: 'IMPAIRED',
        lastUpdatedTime,
      })),
    },
  };
}

describe('AWS Health events naming thousands of entities (createHealthApp + dynalite)', () => {
  let db: TestStore;
  beforeEach(async () => {
    db = await startTestStore();
  });
  afterEach(async () => db.close());

  it('stores 3 pages × 1,500 entities in one record, then tells 1,500 more with the true total', async () => {
    // Prepare
    const watched = target();
    const config = configSchema.parse({
      targets: [{ name: watched.name }],
      health: {},
      slack: { channel: CHANNEL },
    });
    const health = createHealthApp({
      config,
      store: db.store,
      targets: [watched],
      channel: CHANNEL,
      log: silentLog,
      now: () => new Date('2023-02-15T23:31:00Z'),
    });
    expect(Buffer.byteLength(JSON.stringify(page(1, 3, 0)))).toBeGreaterThan(200_000);

    // Act
    const results = [];
    for (const [n, from] of [
      [1, 0],
      [2, 1_500],
      [3, 3_000],
    ] as const) {
      results.push(await health.handleEvent(page(n, 3, from)));
    }
    results.push(await health.handleEvent(page(1, 1, 4_500, V2)));

    // Assess
    expect(results.map((r) => r.duplicate)).toEqual([false, true, true, false]);
    const [incident] = await db.store.incidents.list(10);
    const timeline = await db.store.incidents.listTimeline(incident?.id as string);
    const told = timeline.filter((e) => e.source === 'aws-health').map((e) => e.text);
    expect(told).toHaveLength(2);
    expect(told[0]).toContain('1,500 affected resources');
    expect(told[1]).toContain('1,500 more affected resources (6,000 in all)');
  });
});
