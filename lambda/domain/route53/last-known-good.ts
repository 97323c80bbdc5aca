import { ABSENT, type RecordSetHistory, type RecordSetVersion } from './history.js';

/**
 * The last-known-good version: the latest non-empty version that stayed current for at least
 * `stableSeconds` (a version replaced within seconds — a stale write in a race — never qualifies).
 * The current version qualifies once it has been current that long.
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
    const until = versions[i + 1]?.since ?? now.toISOString();
    if (Date.parse(until) - Date.parse(version.since) >= stableSeconds * 1000) return version;
  }
  return undefined;
}
