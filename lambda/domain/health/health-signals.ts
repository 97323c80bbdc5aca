import { createHash } from 'node:crypto';
import {
  type HealthSentenceOptions,
  healthSentence,
  healthServiceName,
  healthTitle,
} from '../render/health.js';
import type { Signal } from '../signals.js';
import type { IncidentSubject } from '../targets.js';
import type { HealthChange } from './health-change.js';
import { entityTotal, type HealthRecord, isClosed } from './health-record.js';

/** Categories told in the per-channel digest (updated in place), never as an incident each. */
export const DIGEST_CATEGORIES: readonly string[] = ['scheduledChange', 'accountNotification'];

export function goesToDigest(category: string): boolean {
  return DIGEST_CATEGORIES.includes(category);
}

export interface HealthSignalOptions {
  /** `closed` resolves the incident (RECOVERED) or only ends its Health problem (ENDED) — config. */
  closedResolves: boolean;
  /** When the delivery arrived: the signal's time only when AWS gave neither update nor start time. */
  receivedAt: string;
  /** What Lookout itself saw first, for the sentence (see healthSentence). */
  lookoutFirst?: HealthSentenceOptions['lookoutFirst'];
}

/**
 * The subject a Health event's own incident is about: one per event key. Its id has the `name/TYPE`
 * shape of every other subject, so the key (which holds slashes) is all before the last slash.
 */
export function healthSubject(record: Pick<HealthRecord, 'key' | 'service' | 'region'>): IncidentSubject {
  return {
    id: `${record.key}/HEALTH`,
    name: `${healthServiceName(record.service)} ${record.region}`,
    type: 'HEALTH',
  };
}

/**
 * The signal one Health change becomes, for the event's own subject (a caller that joins it to a
 * correlated target's incident sets `targetId`; the observation id stays, so the signal is still
 * recognised there when delivered again). Opened or reopened: HEALTH_EVENT; closed: RECOVERED or
 * ENDED by `closedResolves`; otherwise HEALTH_UPDATE. An event first seen already closed is told as
 * an update (nothing to alert on); digest categories yield none (see goesToDigest).
 */
export function healthSignals(change: HealthChange, options: HealthSignalOptions): Signal[] {
  const r = change.record;
  if (goesToDigest(r.category)) return [];
  const kind = kindOf(change, options.closedResolves);
  const title = healthTitle(r.description);
  const facts: Signal['facts'] = {
    eventArn: r.arn,
    ...(r.account ? { account: r.account } : {}),
    service: r.service,
    region: r.region,
    typeCode: r.typeCode,
    category: r.category,
    status: r.status,
    ...(r.scope ? { scope: r.scope } : {}),
    ...(title ? { title } : {}),
    ...(r.lastUpdatedTime ? { postedAt: r.lastUpdatedTime } : {}),
    ...(r.startTime ? { since: r.startTime } : {}),
    ...(r.endTime ? { endedAt: r.endTime } : {}),
    // A count, never the list: the facts stay small however many entities AWS names.
    ...(entityTotal(r) ? { affectedEntities: entityTotal(r) } : {}),
    ...(r.entitiesLeftOut?.atLeast ? { affectedEntitiesAtLeast: true } : {}),
    ...(r.unreadTimes?.startTime !== undefined ? { unreadStartTime: r.unreadTimes.startTime } : {}),
    ...(r.unreadTimes?.lastUpdatedTime !== undefined
      ? { unreadLastUpdatedTime: r.unreadTimes.lastUpdatedTime }
      : {}),
    ...(r.lastUpdatedTime || r.startTime ? {} : { receivedAt: options.receivedAt }),
    ...(r.abuse ? { abuse: true } : {}),
    ...(kind === 'ENDED' ? { ended: 'HEALTH_EVENT' } : {}),
  };
  return [
    {
      kind,
      targetId: healthSubject(r).id,
      at: r.lastUpdatedTime ?? r.startTime ?? options.receivedAt,
      observationId: healthObservationId(r),
      summary: healthSentence(change, {
        receivedAt: options.receivedAt,
        ...(options.lookoutFirst ? { lookoutFirst: options.lookoutFirst } : {}),
      }),
      evidence: [],
      source: 'aws-health',
      facts,
    },
  ];
}

function kindOf(change: HealthChange, closedResolves: boolean): Signal['kind'] {
  if (isClosed(change.record.status)) {
    if (change.kind === 'opened') return 'HEALTH_UPDATE';
    if (change.kind === 'closed') return closedResolves ? 'RECOVERED' : 'ENDED';
  }
  return change.kind === 'opened' || change.kind === 'reopened' ? 'HEALTH_EVENT' : 'HEALTH_UPDATE';
}

/**
 * One id per version told: the event key, its time and a digest of what it says (a same-version copy
 * with another status or description is another version to tell). A replay yields the same ids.
 */
export function healthObservationId(
  r: Pick<HealthRecord, 'key' | 'lastUpdatedTime' | 'status' | 'description' | 'descriptionCut'>,
): string {
  // A cut description adds the whole one's digest: two that differ past the cut are two versions.
  const said = r.descriptionCut ? `${r.description}\n${r.descriptionCut.digest}` : r.description;
  const digest = createHash('sha256').update(`${r.status}\n${said}`).digest('hex').slice(0, 8);
  return `health:${r.key}@${r.lastUpdatedTime ?? '-'}#${digest}`;
}
