import type { AlertKind } from '../signals.js';
import type { Runbook } from './schema.js';

/**
 * The runbook for an incident kind: the first that names the kind, preferring one written for that kind
 * alone over a catch-all, so a specific EMPTY runbook beats a generic "any DNS alert" one.
 */
export function selectRunbook(runbooks: readonly Runbook[], kind: AlertKind): Runbook | undefined {
  const matching = runbooks.filter((r) => r.appliesTo.includes(kind));
  return [...matching].sort((a, b) => a.appliesTo.length - b.appliesTo.length)[0];
}
