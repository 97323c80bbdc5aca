import type { RaceConfig } from '../../settings.js';
import type { Signal } from '../../signals.js';
import type { ControlPlaneChange } from '../control-plane-change.js';
import { type RecordSetHistory, type RecordSetVersion, versionOfChange, writerLabel } from '../history.js';
import { dnsTargetIdOf } from '../record-set.js';

/** What every race detector sees: the history before this change, and the change read against it. */
export interface RaceContext {
  /** The record set's history before this change was applied. */
  history: RecordSetHistory;
  change: ControlPlaneChange;
  config: RaceConfig;
  /** The change is Lookout's own restore (by principal or comment): never a racer. */
  own: boolean;
  /** The version this change writes. */
  version: RecordSetVersion;
  /** `config.windowSeconds` before the change. */
  windowStart: string;
  /** The writes within the window, this change's last. */
  writes: RecordSetHistory['writes'];
}

export type RaceDetector = (ctx: RaceContext) => Signal | undefined;

/** Reads a change against the history before it; the history itself is not changed. */
export function raceContext(
  history: RecordSetHistory,
  change: ControlPlaneChange,
  config: RaceConfig,
): RaceContext {
  const own =
    config.ownPrincipals.includes(change.writer.principalArn) ||
    (change.comment ?? '').startsWith(config.ownCommentPrefix);
  const version = versionOfChange(change);
  const windowStart = new Date(Date.parse(change.at) - config.windowSeconds * 1000).toISOString();
  const writes = [
    ...history.writes.filter((w) => w.at >= windowStart),
    { at: change.at, principalArn: change.writer.principalArn, hash: version.hash, own },
  ];
  return { history, change, config, own, version, windowStart, writes };
}

/** `name type [setIdentifier]`, as every race summary names the record set. */
export function describeRecordSet(history: RecordSetHistory): string {
  const { key } = history;
  return `${key.name} ${key.type}${key.setIdentifier ? ` [${key.setIdentifier}]` : ''}`;
}

/** A signal about this change: the record set's identity and the writer first, the detector's facts after. */
export function makeRaceSignal(
  ctx: RaceContext,
  kind: Signal['kind'],
  summary: string,
  facts: Signal['facts'],
): Signal {
  const { history, change } = ctx;
  return {
    kind,
    targetId: dnsTargetIdOf(history.key),
    at: change.at,
    observationId: change.id,
    summary,
    evidence: [],
    source: change.source,
    changes: [change],
    facts: {
      name: history.key.name,
      type: history.key.type,
      zoneId: history.key.zoneId,
      ...(history.key.setIdentifier ? { setIdentifier: history.key.setIdentifier } : {}),
      writer: writerLabel(change.writer),
      ...facts,
    },
  };
}
