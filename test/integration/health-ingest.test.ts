import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHealthApp } from '../../lambda/app/health.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import { healthKey } from '../../lambda/domain/health/health-record.js';
import { silentLog } from '../../lambda/ports/log.js';
import { InvalidHealthEventError } from '../../lambda/sources/health/errors.js';
import { parseHealthEvent } from '../../lambda/sources/health/health-events.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { observe, target } from '../support/observations.js';
import { pipeline } from '../support/pipeline.js';

type Json = Record<string, unknown> & { detail: Record<string, unknown> };
const fixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`../events/health/${name}`, import.meta.url), 'utf8')) as Json;

/** The same event as AWS would post it later: another update time, status or description. */
function update(event: Json, changes: Record<string, unknown>): Json {
  return {
    ...event,
    id: `${event.id}-${JSON.stringify(changes).length}`,
    detail: { ...event.detail, ...changes },
  };
}

const DYNAMO = target();
const CHANNEL = '#alerts';

describe('AWS Health into incidents (createHealthApp + dynalite)', () => {
  let db: TestStore;
  beforeEach(async () => {
    db = await startTestStore();
  });
  afterEach(async () => db.close());

  function app(health: Record<string, unknown> = {}) {
    const config = configSchema.parse({
      targets: [{ name: DYNAMO.name }],
      health,
      slack: { channel: CHANNEL },
    });
    return createHealthApp({
      config,
      store: db.store,
      targets: [DYNAMO],
      channel: CHANNEL,
      log: silentLog,
      now: () => new Date('2025-10-20T07:12:00Z'),
    });
  }

  it("joins the incident Lookout opened for the service's endpoint, saying how far behind AWS's post was", async () => {
    // Prepare: Lookout's own probe saw dynamodb.us-east-1.amazonaws.com go EMPTY at 06:48.
    const { processor } = pipeline(db.store, { channel: CHANNEL, detection: { emptyAfterProbes: 1 } });
    await processor.process(observe('2025-10-20T06:47:00.000Z', 'ANSWER', ['3.218.182.1']), DYNAMO);
    await processor.process(observe('2025-10-20T06:48:00.000Z', 'NODATA'), DYNAMO);
    const [dns] = await db.store.incidents.list(10);
    expect(dns?.kind).toBe('EMPTY');

    // Act: AWS posts at 07:11.
    const result = await app().handleEvent(fixture('dynamodb-2025-10-20.reconstruction.json'));

    // Assess: no second incident; one Health entry on the DNS incident.
    const incidents = await db.store.incidents.list(10);
    expect(incidents).toHaveLength(1);
    expect(result.subjects).toEqual([DYNAMO.id]);
    const timeline = await db.store.incidents.listTimeline(dns?.id as string);
    const health = timeline.filter((e) => e.source === 'aws-health');
    expect(health).toHaveLength(1);
    expect(health[0]?.text).toContain('DynamoDB');
    expect(health[0]?.text).toContain('us-east-1');
    expect(health[0]?.text).toMatch(/23 min after Lookout's first EMPTY/);
  });

  it("counts from Lookout's first EMPTY, not from the writer race that opened the incident", async () => {
    // Prepare: a Route 53 writer race opens the incident at 06:40; the probe sees the name empty at 06:48.
    const { processor, writer } = pipeline(db.store, {
      channel: CHANNEL,
      detection: { emptyAfterProbes: 1 },
    });
    await processor.process(observe('2025-10-20T06:39:00.000Z', 'ANSWER', ['3.218.182.1']), DYNAMO);
    await writer.apply(
      {
        kind: 'CONCURRENT_WRITERS',
        targetId: DYNAMO.id,
        at: '2025-10-20T06:40:00.000Z',
        observationId: 'race-1',
        summary: '2 writers changed dynamodb.us-east-1.amazonaws.com A within 600 s',
        evidence: [],
        source: 'cloudtrail',
        facts: {},
      },
      DYNAMO,
    );
    await processor.process(observe('2025-10-20T06:48:00.000Z', 'NODATA'), DYNAMO);
    const [dns] = await db.store.incidents.list(10);
    expect(dns?.kind).toBe('CONCURRENT_WRITERS');

    // Act: AWS posts at 07:11.
    await app().handleEvent(fixture('dynamodb-2025-10-20.reconstruction.json'));

    // Assess
    const timeline = await db.store.incidents.listTimeline(dns?.id as string);
    const health = timeline.filter((e) => e.source === 'aws-health');
    expect(health).toHaveLength(1);
    expect(health[0]?.text).toMatch(/23 min after Lookout's first EMPTY/);
  });

  it('tells each version once: redelivery, the backup-region copy and the other pages add nothing', async () => {
    // Prepare
    const health = app();
    const first = fixture('public-ec2-issue.json');
    const backup = fixture('public-ec2-issue.backup-region.json');

    // Act
    const results = [
      await health.handleEvent(first),
      await health.handleEvent(first),
      await health.handleEvent(backup),
      await health.handleEvent(
        update(first, { lastUpdatedTime: 'Wed, 15 Feb 2023 23:30:00 GMT', statusCode: 'closed' }),
      ),
      await health.handleEvent(
        update(first, { lastUpdatedTime: 'Wed, 15 Feb 2023 23:30:00 GMT', statusCode: 'closed' }),
      ),
    ];

    // Assess: one incident for the event, opened then resolved, two entries carrying the story.
    expect(results.map((r) => r.duplicate)).toEqual([false, true, true, false, true]);
    const incidents = await db.store.incidents.list(10);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.status).toBe('resolved');
    const timeline = await db.store.incidents.listTimeline(incidents[0]?.id as string);
    expect(timeline.map((e) => e.kind)).toEqual(['OPENED', 'RECOVERED', 'RESOLVED']);
  });

  it('merges the pages of one multi-page event into one story', async () => {
    const health = app();
    const one = await health.handleEvent(fixture('multi-page-1-of-2.json'));
    const two = await health.handleEvent(fixture('multi-page-2-of-2.json'));
    expect(one.duplicate).toBe(false);
    expect(two.signals).toEqual([]);
    expect(await db.store.incidents.list(10)).toHaveLength(1);
    const stored = await db.store.health.get(healthKey(parseHealthEvent(fixture('multi-page-1-of-2.json'))));
    expect(stored.record?.pages).toEqual([1, 2]);
  });

  it('keeps scheduled changes out of incidents, and leaves out what health.filters exclude', async () => {
    const scheduled = await app().handleEvent(fixture('scheduled-change-ec2-reboot.json'));
    expect(scheduled.signals).toEqual([]);
    const excluded = await app({ filters: { exclude: { services: ['EC2'] } } }).handleEvent(
      fixture('account-specific-ec2-entities.json'),
    );
    expect(excluded.filteredOut).toMatch(/EC2/);
    expect(await db.store.incidents.list(10)).toEqual([]);
  });

  it('refuses an event that is not a Health event, naming the field', async () => {
    const bad = fixture('public-ec2-issue.json');
    delete bad.detail.eventArn;
    await expect(app().handleEvent(bad)).rejects.toThrow(InvalidHealthEventError);
    await expect(app().handleEvent(bad)).rejects.toThrow(/detail\.eventArn/);
  });

  it('refuses a version from the future, which would hide every real update after it, and opens nothing', async () => {
    const future = fixture('public-ec2-issue.json');
    future.detail.lastUpdatedTime = 'Fri, 15 Feb 2999 22:07:07 GMT';
    await expect(app().handleEvent(future)).rejects.toThrow(
      /detail\.lastUpdatedTime: 2999-02-15T22:07:07\.000Z is more than an hour ahead/,
    );
    expect(await db.store.incidents.list()).toEqual([]);
  });
});
