import { ABSENT, type RecordSetHistory, type RecordSetVersion } from './history.js';

/**
 * How long version `i` is known to have been current, in ms: until the next version began or, when a
 * snapshot only saw the next one, until the last time this one was seen; the latest version until `now`.
 */
export function currentFor(versions: readonly RecordSetVersion[], i: number, now: Date): number {
  const next = versions[i + 1];
  const until = next ? Date.parse(next.changedAfter ?? next.since) : now.getTime();
  return Math.max(0, until - Date.parse((versions[i] as RecordSetVersion).since));
}

/**
 * The last-known-good version: the latest non-empty version that stayed current for at least
 * `stableSeconds` (a version replaced within seconds — a stale write in a race — never qualifies).
 * The current version qualifies once it has been current that long; `now` is the time it is known to
 * have been current until (the caller's clock, or when it was last seen if Route 53 no longer holds it).
 */
export function lastKnownGood(
  history: RecordSetHistory,
  now: Date,
  stableSeconds: number,
): RecordSetVersion | undefined {
  const versions = history.versions;
  for (let i = versions.length - 1; i >= 0; i--) {
    const version = versions[i] as RecordSetVersion;
    if (version.hash === ABSENT || !version.content) continue;
    if (version.content.values.length === 0 && !version.content.alias) continue;
    if (version.content.weight === 0) continue;
    if (currentFor(versions, i, now) >= stableSeconds * 1000) return version;
  }
  return undefined;
}
