import type { AlertKind } from '../signals.js';

/**
 * How bad an incident is, most severe first:
 * - `critical`: clients get no answer at all (EMPTY) — the outage itself;
 * - `high`: answers missing for some clients or a record overwritten by a stale writer (UNREACHABLE,
 *   STALE_OVERWRITE), or AWS reports an issue;
 * - `medium`: answers unsteady or thinner than usual (FLAPPING, DEGRADED, CONCURRENT_WRITERS), or AWS
 *   is investigating;
 * - `low`: Lookout cannot watch what it was told to (MISCONFIGURED), or AWS only informs.
 */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * The default severity of each alert kind (HEALTH_EVENT: by the event's category, below). A kind not
 * listed (a trigger's, say) is `high` unless its signal says otherwise (`facts.severity`).
 */
export const KIND_SEVERITY: Readonly<Partial<Record<AlertKind, Severity>>> = {
  EMPTY: 'critical',
  UNREACHABLE: 'high',
  STALE_OVERWRITE: 'high',
  DEGRADED: 'medium',
  FLAPPING: 'medium',
  CONCURRENT_WRITERS: 'medium',
  MISCONFIGURED: 'low',
  HEALTH_EVENT: 'high',
};

/** AWS Health's event categories; an unknown one keeps HEALTH_EVENT's own severity. */
export const HEALTH_CATEGORY_SEVERITY: Readonly<Record<string, Severity>> = {
  issue: 'high',
  investigation: 'medium',
  scheduledChange: 'low',
  accountNotification: 'low',
};

/** Config overrides of the defaults above (slack.severity). */
export interface SeverityOverrides {
  kinds?: Partial<Record<AlertKind, Severity>>;
  healthCategories?: Record<string, Severity>;
}

const UNLISTED_KIND: Severity = 'high';

/**
 * The severity an incident opens with: a config override of the kind (or of the Health category) wins;
 * then the severity the signal itself carries (`facts.severity`, as a trigger may send); then the
 * default of the Health category, then of the kind.
 * @example severityOf('HEALTH_EVENT', { category: 'investigation' }) // 'medium'
 */
export function severityOf(
  kind: AlertKind,
  facts: Readonly<Record<string, string | number | boolean>> = {},
  overrides: SeverityOverrides = {},
): Severity {
  const category = kind === 'HEALTH_EVENT' && typeof facts.category === 'string' ? facts.category : undefined;
  const override = own(overrides.healthCategories, category) ?? own(overrides.kinds, kind);
  if (override) return override;
  if (isSeverity(facts.severity)) return facts.severity;
  return own(HEALTH_CATEGORY_SEVERITY, category) ?? own(KIND_SEVERITY, kind) ?? UNLISTED_KIND;
}

/** 0 for critical, growing as it gets milder: sorts the most severe first. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function isSeverity(value: unknown): value is Severity {
  return (SEVERITIES as readonly unknown[]).includes(value);
}

/** A record's own entry (never `constructor` or another inherited name a category might be called). */
function own(record: Readonly<Record<string, Severity | undefined>> | undefined, key: string | undefined) {
  const value = record && key !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
  return isSeverity(value) ? value : undefined;
}
