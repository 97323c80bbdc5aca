import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryWeight } from '../../lambda/domain/calm/entry-weight.js';
import type { TimelineEntry } from '../../lambda/domain/incident.js';
import { silentLog } from '../../lambda/ports/log.js';
import { handleChangeEvent } from '../../lambda/service/route53/change-events.js';
import { inPriorityOrder } from '../../lambda/slack/priority-order.js';
import { keys } from '../../lambda/store/table.js';
import { TableClient } from '../../lambda/store/table-client.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { observe, target } from '../support/observations.js';
import { pipeline } from '../support/pipeline.js';

const SECOND = '2025-10-20T06:48:05';
const CHANNEL = '#alerts';

/**
 * The recorded race (test/events/cloudtrail/race.ndjson: planner, enactor-1 twice, enactor-3's stale
 * write-back, enactor-1's DELETE) with every call squeezed into one second, as CloudTrail's whole-second
 * times make a real race look. Nothing but the source's own sequence can order them.
 */
function raceInOneSecond(): unknown[] {
  const lines = readFileSync(new URL('../events/cloudtrail/race.ndjson', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .slice(0, 6);
  return lines.map((line) => {
    const event = JSON.parse(line) as {
      time: string;
      detail: { eventTime: string; responseElements?: { changeInfo?: { submittedAt: string } } };
    };
    event.time = `${SECOND}Z`;
    event.detail.eventTime = `${SECOND}Z`;
    if (event.detail.responseElements?.changeInfo)
      event.detail.responseElements.changeInfo.submittedAt = 'Oct 20, 2025 6:48:05 AM';
    return event;
  });
}

const label = (e: TimelineEntry) => `${e.kind}:${e.source}${e.changes?.[0] ? `:${e.changes[0].action}` : ''}`;

describe('Timeline order: cause before effect, whatever the clocks say', () => {
  let db: TestStore;
  beforeEach(async () => {
    db = await startTestStore();
  });
  afterEach(async () => db.close());

  it('orders a race inside one second by the source sequence, in the store and in the Slack outbox', async () => {
    // Prepare: the probe has seen the record answer.
    const t = target();
    const { processor, ingest } = pipeline(db.store, {
      channel: CHANNEL,
      detection: { emptyAfterProbes: 1 },
    });
    await processor.process(observe('2025-10-20T06:47:00.000Z', 'ANSWER', ['198.51.100.10']), t);

    // Act: each CloudTrail event is handled as it arrives (offline: the batch is the evidence of the
    // DELETE), then the probe sees NODATA at the very instant CloudTrail gives the DELETE.
    for (const event of raceInOneSecond())
      await handleChangeEvent(event, { ingest, log: silentLog, now: () => new Date() });
    await processor.process(observe(`${SECOND}.000Z`, 'NODATA'), t);

    // Assess: the writers' race first, then the DELETE, the EMPTY it implies, and last what clients saw.
    const [incident] = await db.store.incidents.list(10);
    const timeline = await db.store.incidents.listTimeline(incident?.id as string);
    expect(timeline.map(label)).toEqual([
      'OPENED:cloudtrail:UPSERT',
      'STALE_OVERWRITE:cloudtrail:UPSERT',
      'RECORD_CHANGED:cloudtrail:DELETE',
      'EMPTY:cloudtrail:DELETE',
      'EMPTY:dns-probe',
    ]);
    expect(new Set(timeline.map((e) => e.at))).toEqual(new Set([`${SECOND}.000Z`]));
    // Slack gets its replies in the same order: the outbox lists state changes first, and the sender's
    // order keeps each incident's thread in timeline order (its routine DELETE before the EMPTYs).
    const pending = await db.store.outbox.listPending(100, CHANNEL);
    const sent = inPriorityOrder(pending, (item) => entryWeight(item.entry) === 'routine');
    expect(sent.map((p) => p.entry.entryId)).toEqual(timeline.map((e) => e.entryId));
  });

  it('reads entries stored under the earlier key shape in place, writes an unsequenced entry under it, lists each entry once', async () => {
    // Prepare: two entries as a Lookout before source sequences stored them (TL#<at>#<rank>#<id>).
    const table = new TableClient(db.dynamo.client, db.tableName);
    const old = (id: string, at: string, kind: TimelineEntry['kind']): TimelineEntry => ({
      incidentId: 'inc-old',
      entryId: id,
      at,
      kind,
      source: 'dns-probe',
      text: `${kind} ${id}`,
    });
    const opened = old('inc-old:OPENED:a', '2025-10-20T06:48:01.000Z', 'OPENED');
    const later = old('inc-old:NOTE:b', '2025-10-20T06:48:09.000Z', 'NOTE');
    for (const [entry, rank] of [
      [opened, 0],
      [later, 1],
    ] as const) {
      await table.putIfAbsent({
        PK: keys.incident('inc-old').PK,
        SK: `TL#${entry.at}#${rank}#${entry.entryId}`,
        data: entry,
      });
    }

    // Act: the upgraded Lookout appends a sequenced entry between them, and re-appends the old OPENED
    // (a signal saved before the upgrade and applied again after a crash carries no sequence).
    const between: TimelineEntry = {
      ...old('inc-old:RECORD_CHANGED:c', '2025-10-20T06:48:05.000Z', 'RECORD_CHANGED'),
      source: 'cloudtrail',
      seq: '0000000003.00',
    };
    expect(await db.store.incidents.appendTimeline(between)).toBe(true);
    expect(await db.store.incidents.appendTimeline(opened)).toBe(false);
    // The same entry re-derived with a sequence lands under the new shape: listed once all the same.
    expect(await db.store.incidents.appendTimeline({ ...later, seq: '0000000009.00' })).toBe(true);

    // Assess
    const timeline = await db.store.incidents.listTimeline('inc-old');
    expect(timeline.map((e) => e.entryId)).toEqual([opened.entryId, between.entryId, later.entryId]);
    expect(timeline[0]).toEqual(opened);
  });
});
