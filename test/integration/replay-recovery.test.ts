import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { whatHappened } from '../../lambda/domain/render/what-happened.js';
import { silentLog } from '../../lambda/ports/log.js';
import { handleChangeEvent } from '../../lambda/service/route53/change-events.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { pipeline } from '../support/pipeline.js';

/** The recorded race's valid events (planner, enactors, the DELETE), as `lookout replay` reads them. */
function race(): Record<string, unknown>[] {
  return readFileSync(new URL('../events/cloudtrail/race.ndjson', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .slice(0, 6)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** enactor-1's first UPSERT, re-issued by alice as a CREATE after the DELETE (the operator's repair). */
function repairedAt(time: string): unknown {
  const event = structuredClone(race()[1]) as {
    id: string;
    time: string;
    detail: Record<string, unknown> & {
      eventTime: string;
      eventID: string;
      requestParameters: { changeBatch: { changes: { action: string }[] } };
      responseElements: { changeInfo: { id: string; submittedAt: string } };
    };
  };
  event.id = 'repair-event';
  event.time = time;
  event.detail.eventTime = time;
  event.detail.eventID = '0c7a1e20-2025-4020-9a00-0000000000f1';
  event.detail.requestParameters.changeBatch.changes[0] = {
    ...event.detail.requestParameters.changeBatch.changes[0],
    action: 'CREATE',
  };
  event.detail.responseElements.changeInfo.id = '/change/C0REPAIR000000001';
  event.detail.responseElements.changeInfo.submittedAt = 'Oct 20, 2025 6:58:00 AM';
  return event;
}

describe('Offline replay: a re-created record set ends the EMPTY its DELETE implied', () => {
  let db: TestStore;
  beforeEach(async () => {
    db = await startTestStore();
  });
  afterEach(async () => db.close());

  it('resolves the race incident when CloudTrail shows the record set created again, and says so', async () => {
    // Prepare
    const { ingest } = pipeline(db.store, { channel: '#alerts' });
    const deps = { ingest, log: silentLog, now: () => new Date('2025-10-20T07:00:00Z') };
    for (const event of race()) await handleChangeEvent(event, deps);
    const [open] = await db.store.incidents.list(10);
    expect(open?.status).toBe('open');

    // Act
    const result = await handleChangeEvent(repairedAt('2025-10-20T06:58:00Z'), deps);
    await handleChangeEvent(repairedAt('2025-10-20T06:58:00Z'), deps); // delivered twice

    // Assess
    expect(result.entries.map((e) => e.kind)).toEqual(['RECORD_CHANGED', 'RECOVERED', 'RESOLVED']);
    const [incident] = await db.store.incidents.list(10);
    expect(incident?.status).toBe('resolved');
    expect(incident?.headlineKind).toBe('EMPTY');
    expect(whatHappened(incident as NonNullable<typeof incident>)).toMatch(
      /^Over since 2025-10-20 06:58:00 UTC\. It was: Route 53 change C0RACE0000000006/,
    );
    const timeline = await db.store.incidents.listTimeline(incident?.id as string);
    expect(timeline.filter((e) => e.kind === 'RESOLVED')).toHaveLength(1);
    expect(timeline.find((e) => e.kind === 'RECOVERED')?.text).toContain(
      'has a record set again after enactor-1 (dns-enactor) created it (198.51.100.10, 198.51.100.11) (change C0REPAIR000000001)',
    );
  });
});
