import { formatTime } from '../render/time.js';
import type { RaceConfig } from '../settings.js';
import type { Signal } from '../signals.js';
import type { ControlPlaneChange } from './control-plane-change.js';
import {
  ABSENT,
  markApplied,
  type RecordSetHistory,
  versionOfChange,
  withVersion,
  writerLabel,
} from './history.js';
import { dnsTargetIdOf } from './record-set.js';

export type { RaceConfig } from '../settings.js';

export const raceDefaults: RaceConfig = {
  windowSeconds: 600,
  ownPrincipals: [],
  ownCommentPrefix: 'lookout-restore',
};

/**
 * One change's identity across sources: CloudTrail (`<eventID>#<i>`) and Change History
 * (`<changeId>#<i>`) both know Route 53's change id and the position in the batch, so the same change
 * read from both is applied once.
 */
export function changeKey(change: ControlPlaneChange): string {
  return change.changeId ? `${change.changeId}#${change.id.split('#').at(-1)}` : change.id;
}

export interface ChangeEvaluation {
  history: RecordSetHistory;
  signals: Signal[];
  duplicate: boolean;
}

/**
 * Applies one control-plane change to a record set's history and reads the race signature from it:
 * CONCURRENT_WRITERS when ≥ 2 distinct writers changed it within the window, STALE_OVERWRITE when a
 * change writes back content equal to an older version after a newer one was applied. Every change
 * also yields a RECORD_CHANGED entry naming its writer. Pure; re-applying a change is a no-op.
 */
export function evaluateChange(
  history: RecordSetHistory,
  change: ControlPlaneChange,
  config: RaceConfig = raceDefaults,
): ChangeEvaluation {
  const key = changeKey(change);
  if (history.appliedChanges.includes(key) || change.errorCode) {
    return {
      history: change.errorCode ? markApplied(history, key) : history,
      signals: [],
      duplicate: !change.errorCode,
    };
  }
  const own =
    config.ownPrincipals.includes(change.writer.principalArn) ||
    (change.comment ?? '').startsWith(config.ownCommentPrefix);
  const version = versionOfChange(change);
  // The versions written by known changes up to this one's time. Versions only a snapshot saw carry no
  // writer and only bound when a change happened; and a change can arrive after later versions were
  // recorded: comparing with the newest version would call every late event a stale overwrite.
  const written = history.versions.filter((v) => v.source !== 'route53-snapshot' && v.since <= change.at);
  const before = written.at(-1);
  const windowStart = new Date(Date.parse(change.at) - config.windowSeconds * 1000).toISOString();
  const writes = [
    ...history.writes.filter((w) => w.at >= windowStart),
    { at: change.at, principalArn: change.writer.principalArn, hash: version.hash, own },
  ];
  let next: RecordSetHistory = markApplied({ ...withVersion(history, version), writes }, key);

  const signals: Signal[] = [];
  const base = (
    kind: Signal['kind'],
    summary: string,
    facts: Signal['facts'],
    changes: ControlPlaneChange[],
  ): Signal => ({
    kind,
    targetId: dnsTargetIdOf(history.key),
    at: change.at,
    observationId: change.id,
    summary,
    evidence: [],
    source: change.source,
    changes,
    facts: {
      name: history.key.name,
      type: history.key.type,
      zoneId: history.key.zoneId,
      ...(history.key.setIdentifier ? { setIdentifier: history.key.setIdentifier } : {}),
      writer: writerLabel(change.writer),
      ...facts,
    },
  });
  const what = `${history.key.name} ${history.key.type}${history.key.setIdentifier ? ` [${history.key.setIdentifier}]` : ''}`;
  const shown = version.content
    ? version.content.values.join(', ') || `alias ${version.content.alias?.dnsName ?? ''}`
    : '(deleted)';
  signals.push(
    base(
      'RECORD_CHANGED',
      `${writerLabel(change.writer)} ${change.action} ${what} → ${shown}${change.changeId ? ` (change ${change.changeId})` : ''}`,
      { action: change.action },
      [change],
    ),
  );

  const racers = [...new Set(writes.filter((w) => !w.own).map((w) => w.principalArn))];
  const alreadyAlerted =
    history.concurrentAlertedAt !== undefined && history.concurrentAlertedAt >= windowStart;
  if (!own && racers.length >= 2 && !alreadyAlerted) {
    const labels = racers.map((arn) => arn.split('/').slice(-2).join('/'));
    signals.push(
      base(
        'CONCURRENT_WRITERS',
        `${racers.length} writers changed ${what} within ${config.windowSeconds} s: ${labels.join(', ')}`,
        { writers: labels.join(', '), windowSeconds: config.windowSeconds, writes: writes.length },
        [change],
      ),
    );
    next = { ...next, concurrentAlertedAt: change.at };
  }

  // Writing a record set back after it was deleted is a repair, not a stale plan over a newer one.
  if (!own && before && before.hash !== ABSENT && version.hash !== ABSENT && version.hash !== before.hash) {
    const older = written.slice(0, -1).findLast((v) => v.hash === version.hash);
    if (older && before.since >= windowStart) {
      const olderIndex = written.lastIndexOf(older) + 1;
      const newerIndex = written.length;
      signals.push(
        base(
          'STALE_OVERWRITE',
          `${writerLabel(change.writer)} wrote back version ${olderIndex} of ${what} (from ${formatTime(older.since)}, by ${writerLabel(older.writer)}) over the newer version ${newerIndex} (from ${formatTime(before.since)}, by ${writerLabel(before.writer)})`,
          {
            staleVersion: `v${olderIndex} (${formatTime(older.since)})`,
            newerVersion: `v${newerIndex} (${formatTime(before.since)}, ${writerLabel(before.writer)})`,
          },
          [change],
        ),
      );
    }
  }
  return { history: { ...next, pendingSignals: signals }, signals, duplicate: false };
}
