import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../lambda/domain/incident.js';
import { indexKeys, keys, outboxIndexAfter, outboxIndexSk, ranges } from '../../../lambda/store/table.js';
import { inRange } from '../../../lambda/store/table-client.js';

const entry: TimelineEntry = {
  incidentId: 'inc-1',
  entryId: 'e-1',
  at: '2025-10-20T07:00:00.000Z',
  kind: 'NOTE',
  source: 'test',
  text: 'x',
};
const entryOf = (kind: TimelineEntry['kind']): TimelineEntry => ({ ...entry, kind });

// Stored items outlive a deploy: a shape that changes here orphans every item written before it.
describe('Table keys', () => {
  it.each([
    ['target state', keys.targetState('example.com/A'), { PK: 'TARGET#example.com/A', SK: 'STATE' }],
    ['incident', keys.incident('inc-1'), { PK: 'INCIDENT#inc-1', SK: 'META' }],
    [
      'timeline entry',
      keys.timeline(entry),
      { PK: 'INCIDENT#inc-1', SK: 'TL#2025-10-20T07:00:00.000Z#1#e-1' },
    ],
    [
      'sequenced timeline entry',
      keys.timeline({ ...entry, kind: 'OPENED', seq: '0000000001' }),
      { PK: 'INCIDENT#inc-1', SK: 'TL#2025-10-20T07:00:00.000Z!0000000001#0#e-1' },
    ],
    ['open-incident key', keys.openIncident('example.com/A'), { PK: 'OPEN#example.com/A', SK: 'INCIDENT' }],
    ['outbox item', keys.outbox('C123', '2025#x'), { PK: 'OUTBOX#C123', SK: '2025#x' }],
    ['lease', keys.lease('outbox'), { PK: 'LEASE#outbox', SK: 'LEASE' }],
    [
      'AWS Health story',
      keys.healthRecord('arn:aws:health:us-east-1::event/EC2/X/Y#123456789012'),
      { PK: 'HEALTH#arn:aws:health:us-east-1::event/EC2/X/Y#123456789012', SK: 'RECORD' },
    ],
    [
      'zone record set',
      keys.zoneRecordSet('Z1', 'Z1/a.example.com./A'),
      { PK: 'ZONE#Z1', SK: 'RRSET#Z1/a.example.com./A' },
    ],
    ['snapshot checkpoint', keys.snapshotCheckpoint('Z1'), { PK: 'ZONE#Z1', SK: 'SNAPSHOT' }],
    [
      'page of a snapshot',
      keys.seenPage('Z1', 'snap-1', 7, 2),
      { PK: 'ZONE#Z1', SK: 'SEEN#snap-1#000007#2' },
    ],
    [
      'record-set history',
      keys.recordSetHistory('Z1/a.example.com./A'),
      { PK: 'RRSET#Z1/a.example.com./A', SK: 'HISTORY' },
    ],
    [
      'incident index',
      indexKeys.incident({ id: 'inc-1', openedAt: '2025-10-20T07:00:00.000Z' }),
      { GSI1PK: 'INCIDENTS', GSI1SK: '2025-10-20T07:00:00.000Z#inc-1' },
    ],
    [
      'pending outbox index',
      indexKeys.outbox('pending', {
        channel: 'C123',
        seq: '2025#x',
        incidentId: 'inc-1',
        entry: entryOf('EMPTY'),
      }),
      { GSI1PK: 'OUTBOX#PENDING', GSI1SK: 'C123\u0001a\u00012025#x' },
    ],
    [
      'pending outbox index, routine lane (by incident, then time)',
      indexKeys.outbox('pending', {
        channel: 'C123',
        seq: '2025#x',
        incidentId: 'inc-1',
        entry: entryOf('RECORD_CHANGED'),
      }),
      { GSI1PK: 'OUTBOX#PENDING', GSI1SK: 'C123\u0001b\u0001inc-1\u00012025#x' },
    ],
    [
      'failed outbox index',
      indexKeys.outbox('failed', {
        channel: 'C123',
        seq: '2025#x',
        incidentId: 'inc-1',
        entry: entryOf('EMPTY'),
      }),
      { GSI1PK: 'OUTBOX#FAILED', GSI1SK: 'C123\u00012025#x' },
    ],
    ['timeline range', ranges.timeline('inc-1'), { PK: 'INCIDENT#inc-1', prefix: 'TL#' }],
    ['zone record sets', ranges.zoneRecordSets('Z1'), { PK: 'ZONE#Z1', prefix: 'RRSET#' }],
    [
      'one name/type group',
      ranges.zoneRecordSets('Z1', 'Z1/a.example.com./A'),
      { PK: 'ZONE#Z1', prefix: 'RRSET#Z1/a.example.com./A' },
    ],
    ['pages of a snapshot', ranges.seenPages('Z1', 'snap-1'), { PK: 'ZONE#Z1', prefix: 'SEEN#snap-1#' }],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  it('keeps each channel in its own range of the outbox index', () => {
    // Prepare
    const inRangeOf = (channel: string, sk: string) =>
      sk.startsWith(outboxIndexSk(channel, '')) && sk < outboxIndexAfter(channel);

    // Assess
    expect(inRangeOf('C1', outboxIndexSk('C1', 'zzz'))).toBe(true);
    expect(inRangeOf('C1', outboxIndexSk('C12', 'a'))).toBe(false);
    expect(outboxIndexAfter('C1') < outboxIndexSk('C12', '')).toBe(true);
  });

  it('queries a range by partition and sort-key prefix', () => {
    expect(inRange(ranges.timeline('inc-1'))).toEqual({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': 'INCIDENT#inc-1', ':prefix': 'TL#' },
    });
  });
});
