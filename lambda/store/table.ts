import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { entryWeight } from '../domain/calm/entry-weight.js';
import type { TimelineEntry } from '../domain/incident.js';

export const GSI1 = 'GSI1';
export const TTL_ATTRIBUTE = 'expiresAt';
export const INCIDENTS_INDEX_PK = 'INCIDENTS';
export const OUTBOX_PENDING_PK = 'OUTBOX#PENDING';
export const OUTBOX_FAILED_PK = 'OUTBOX#FAILED';
export const DIGEST_PENDING_PK = 'DIGEST#PENDING';
export const ROOTEDIT_DUE_PK = 'ROOTEDIT#DUE';
export const STORM_DUE_PK = 'STORM#DUE';

/**
 * Single-table layout (works on dynalite: single-item conditional writes, no transactions). Every key
 * string the store writes or queries is built here, so a change of shape is made, and seen, in one place.
 *
 * | item                | PK                  | SK                            | GSI1PK / GSI1SK              |
 * |---------------------|---------------------|-------------------------------|------------------------------|
 * | target state        | TARGET#<targetId>   | STATE                         |                              |
 * | incident            | INCIDENT#<id>       | META                          | INCIDENTS / <openedAt>#<id>  |
 * | timeline entry      | INCIDENT#<id>       | TL#<order>                    |                              |
 * | open-incident key   | OPEN#<targetId>     | INCIDENT                      |                              |
 * | outbox item         | OUTBOX#<channel>    | <seq>                         | OUTBOX#PENDING or            |
 * |                     |                     |                               |   OUTBOX#FAILED              |
 * |                     |                     |                               |   / <channel>\u0001<lane>… |
 * | lease               | LEASE#<name>        | LEASE                         |                              |
 * | zone record set     | ZONE#<zoneId>       | RRSET#<recordSetId>           | (+ `since`: first seen)      |
 * | snapshot checkpoint | ZONE#<zoneId>       | SNAPSHOT                      |                              |
 * | page of a snapshot  | ZONE#<zoneId>       | SEEN#<snapshotId>#<page>#<n>  |                              |
 * | record-set history  | RRSET#<recordSetId> | HISTORY                       |                              |
 * | AWS Health story    | HEALTH#<eventKey>   | RECORD                        |                              |
 * | AWS Health digest   | DIGEST#<channel>    | HEALTH                        | DIGEST#PENDING / <channel>   |
 * |                     |                     |                               |   (while Slack is behind)    |
 * | Health API poller   | HEALTHPOLL#<view>   | STATE                         |                              |
 * | incident storm      | STORM#<channel>     | STATE                         | STORM#DUE / <channel>        |
 * |                     |                     |                               |   (while its message is due) |
 * | watched from Slack  | WATCHLIST           | TARGET#<targetId>             |                              |
 * | watch-list audit    | WATCHLIST           | AUDIT#<at>#<requestId>        |                              |
 * | Slack group members | SLACKGROUP#<id>     | MEMBERS                       |                              |
 * | grouped reply       | GROUP#<incidentId>  | <thread channel id>           |                              |
 * | root edit pacing    | ROOTEDIT#<incident> | EDIT                          | ROOTEDIT#DUE / <dueAt>#<id>  |
 * |                     |                     |                               |   (while an edit is owed)    |
 *
 * The CDK table (lib/constructs/store.ts) declares the same key names.
 */
export const keys = {
  targetState: (targetId: string) => ({ PK: `TARGET#${targetId}`, SK: 'STATE' }),
  incident: (id: string) => ({ PK: `INCIDENT#${id}`, SK: 'META' }),
  timeline: (entry: TimelineEntry) => ({
    PK: `INCIDENT#${entry.incidentId}`,
    SK: `TL#${timelineOrder(entry)}`,
  }),
  openIncident: (targetId: string) => ({ PK: `OPEN#${targetId}`, SK: 'INCIDENT' }),
  outbox: (channel: string, seq: string) => ({ PK: `OUTBOX#${channel}`, SK: seq }),
  lease: (name: string) => ({ PK: `LEASE#${name}`, SK: 'LEASE' }),
  zoneRecordSet: (zoneId: string, recordSetId: string) => ({
    PK: `ZONE#${zoneId}`,
    SK: `RRSET#${recordSetId}`,
  }),
  snapshotCheckpoint: (zoneId: string) => ({ PK: `ZONE#${zoneId}`, SK: 'SNAPSHOT' }),
  /** Pages sort in listing order (zero-padded); `part` splits a page too large for one item. */
  seenPage: (zoneId: string, snapshotId: string, page: number, part: number) => ({
    PK: `ZONE#${zoneId}`,
    SK: `SEEN#${snapshotId}#${String(page).padStart(6, '0')}#${part}`,
  }),
  recordSetHistory: (recordSetId: string) => ({ PK: `RRSET#${recordSetId}`, SK: 'HISTORY' }),
  /** One AWS Health event's story: event ARN, plus `#account` in the organization view. */
  healthRecord: (eventKey: string) => ({ PK: `HEALTH#${eventKey}`, SK: 'RECORD' }),
  /** A channel's digest of scheduled changes and account notifications (one Slack message). */
  healthDigest: (channel: string) => ({ PK: `DIGEST#${channel}`, SK: 'HEALTH' }),
  /** The Health API poller's cursor and remembered problems, per view (`account` or `organization`). */
  healthPoller: (view: string) => ({ PK: `HEALTHPOLL#${view}`, SK: 'STATE' }),
  /** One request seen (a Slack retry, a webhook id, a trigger's signature): `source` names who sent it. */
  request: (source: string, id: string) => ({ PK: `REQ#${source}#${id}`, SK: 'SEEN' }),
  /** A name watched from Slack (`/lookout watch`): one partition, so a probe round reads it in one query. */
  watched: (targetId: string) => ({ PK: 'WATCHLIST', SK: `TARGET#${targetId}` }),
  /** Who watched or unwatched what, kept beside the list (there is no incident to put it on). */
  watchAudit: (at: string, requestId: string) => ({ PK: 'WATCHLIST', SK: `AUDIT#${at}#${requestId}` }),
  /** A Slack user group's members as last read (`slack.operators.usergroups`), shared by containers. */
  usergroupMembers: (usergroup: string) => ({ PK: `SLACKGROUP#${usergroup}`, SK: 'MEMBERS' }),
  /** An incident's open group of routine entries in one thread: one Slack reply edited in place. */
  replyGroup: (incidentId: string, channel: string) => ({ PK: `GROUP#${incidentId}`, SK: channel }),
  /** When an incident's root was last edited, and the edit still owed (root edits are paced). */
  rootEdit: (incidentId: string) => ({ PK: `ROOTEDIT#${incidentId}`, SK: 'EDIT' }),
  /** A channel's incident storm (counts and its one summary message): bounded by the domain. */
  stormState: (channel: string) => ({ PK: `STORM#${channel}`, SK: 'STATE' }),
} as const;

/** A key range: one partition's items whose sort key starts with `prefix`. */
export interface KeyRange {
  PK: string;
  prefix: string;
}

export const ranges = {
  timeline: (incidentId: string): KeyRange => ({ PK: `INCIDENT#${incidentId}`, prefix: 'TL#' }),
  /** A zone's stored record sets, or those whose id starts with `idPrefix`. */
  zoneRecordSets: (zoneId: string, idPrefix = ''): KeyRange => ({
    PK: `ZONE#${zoneId}`,
    prefix: `RRSET#${idPrefix}`,
  }),
  /** Every name watched from Slack (not the audit entries beside them). */
  watchList: (): KeyRange => ({ PK: 'WATCHLIST', prefix: 'TARGET#' }),
  watchAudit: (): KeyRange => ({ PK: 'WATCHLIST', prefix: 'AUDIT#' }),
  seenPages: (zoneId: string, snapshotId: string): KeyRange => ({
    PK: `ZONE#${zoneId}`,
    prefix: `SEEN#${snapshotId}#`,
  }),
} as const;

/** GSI1 keys: the incident list (newest first) and the sparse pending/failed outbox, digest and storm indexes. */
export const indexKeys = {
  incident: (incident: { id: string; openedAt: string }) => ({
    GSI1PK: INCIDENTS_INDEX_PK,
    GSI1SK: `${incident.openedAt}#${incident.id}`,
  }),
  /** Pending: in its lane (outboxPendingSk); failed: by channel then time. */
  outbox: (
    status: 'pending' | 'failed',
    item: { channel: string; seq: string; incidentId: string; entry: TimelineEntry },
  ) => ({
    GSI1PK: status === 'pending' ? OUTBOX_PENDING_PK : OUTBOX_FAILED_PK,
    GSI1SK: status === 'pending' ? outboxPendingSk(item) : outboxIndexSk(item.channel, item.seq),
  }),
  /** Present only while the digest has a revision Slack does not show yet. */
  healthDigest: (channel: string) => ({ GSI1PK: DIGEST_PENDING_PK, GSI1SK: channel }),
  /** Present only while a root edit is owed: found by time after a crash or a run that ended first. */
  rootEditDue: (incidentId: string, dueAt: string) => ({
    GSI1PK: ROOTEDIT_DUE_PK,
    GSI1SK: `${dueAt}#${incidentId}`,
  }),
  /** Present only while the channel's storm message needs a post or an edit, or its end is not shown. */
  stormDue: (channel: string) => ({ GSI1PK: STORM_DUE_PK, GSI1SK: channel }),
} as const;

/**
 * Orders entries that share a timestamp (one observation can open an incident and flag it FLAPPING):
 * OPENED first, RESOLVED last, everything else in between.
 */
export function timelineRank(kind: string): number {
  return kind === 'OPENED' ? 0 : kind === 'RESOLVED' ? 2 : 1;
}

/**
 * Where an entry sorts in its incident's timeline and in its channel's outbox: by the source's own time,
 * then the source's own sequence (`seq`), then kind rank and id.
 *
 * - With a sequence: `<at>!<seq>#<rank>#<id>`. CloudTrail gives whole seconds, so a race's calls share
 *   one `at`; the sequence puts each change before what it implies (the DELETE before the EMPTY it
 *   means). `!` sorts below `#`: at one instant, sequenced (control-plane) entries come before the
 *   rest, so a probe's EMPTY stamped with the very second of the DELETE follows it.
 * - Without one: `<at>#<rank>#<id>`, the shape every entry had before sequences, so an item stored by an
 *   earlier Lookout reads in place, and a signal it saved and this one re-applies keeps its key (its
 *   write and its outbox item stay idempotent).
 */
export function timelineOrder(entry: Pick<TimelineEntry, 'at' | 'seq' | 'kind' | 'entryId'>): string {
  const rank = timelineRank(entry.kind);
  return entry.seq
    ? `${entry.at}!${entry.seq}#${rank}#${entry.entryId}`
    : `${entry.at}#${rank}#${entry.entryId}`;
}

/**
 * Index key of a pending or failed outbox item: channel first, so each channel's items are one key
 * range (queried per channel, in time order). \u0001 sorts below every character a channel name or id
 * can hold, so one channel's range never interleaves with another's.
 */
export function outboxIndexSk(channel: string, seq: string): string {
  return `${channel}\u0001${seq}`;
}

/**
 * A pending item's index key: its channel, then its lane. State changes (`a`) sort before routine items
 * (`b`), so a channel's first page always holds its oldest state changes however many routine items wait
 * behind them (a storm's backlog of record changes must not hide an EMPTY). Routine items sort by
 * incident, then time, so an incident's earlier routine items — which its thread must show before its
 * state change — are one key range (`outboxRoutineRange`). An item written by an earlier Lookout
 * (`<channel>\u0001<seq>`, a seq starts with a digit) sorts before both lanes and is re-keyed when met.
 */
export function outboxPendingSk(item: {
  channel: string;
  seq: string;
  incidentId: string;
  entry: TimelineEntry;
}): string {
  return entryWeight(item.entry) === 'routine'
    ? `${outboxLanePrefix(item.channel, 'routine')}${item.incidentId}\u0001${item.seq}`
    : `${outboxLanePrefix(item.channel, 'state-change')}${item.seq}`;
}

/** The key prefix of one lane of a channel's pending items. */
export function outboxLanePrefix(channel: string, lane: 'state-change' | 'routine'): string {
  return `${channel}\u0001${lane === 'routine' ? 'b' : 'a'}\u0001`;
}

/** The pending routine items of one incident in a channel older than `seq`: an inclusive key range. */
export function outboxRoutineRange(channel: string, incidentId: string, seq: string): [string, string] {
  const prefix = `${outboxLanePrefix(channel, 'routine')}${incidentId}\u0001`;
  return [prefix, `${prefix}${seq}`];
}

/** Sorts after every index key of `channel` and before the next channel's: where a skip scan resumes. */
export function outboxIndexAfter(channel: string): string {
  return `${channel}\u0002`;
}

export function tableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'PK', AttributeType: 'S' },
      { AttributeName: 'SK', AttributeType: 'S' },
      { AttributeName: 'GSI1PK', AttributeType: 'S' },
      { AttributeName: 'GSI1SK', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: GSI1,
        KeySchema: [
          { AttributeName: 'GSI1PK', KeyType: 'HASH' },
          { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}
