import type { ResolverOutcome } from './observation.js';

/** Kinds that open (or join) an incident. */
export const ALERT_KINDS = ['EMPTY', 'DEGRADED', 'FLAPPING', 'UNREACHABLE'] as const;
/** Kinds that only add to the timeline of an open incident (or are logged when none is open). */
export const INFO_KINDS = ['CHANGED', 'RECOVERED'] as const;

export type AlertKind = (typeof ALERT_KINDS)[number];
export type SignalKind = AlertKind | (typeof INFO_KINDS)[number];

/** What a detector concluded from one observation, with the evidence that made it conclude so. */
export interface Signal {
  kind: SignalKind;
  targetId: string;
  /** ISO time of the observation that produced it. */
  at: string;
  observationId: string;
  /** One sentence for humans. */
  summary: string;
  evidence: ResolverOutcome[];
  /** Numbers a runbook template or a renderer may use (counts, baseline, transitions, since, ...). */
  facts: Record<string, string | number | boolean>;
}

export function isAlertKind(kind: SignalKind): kind is AlertKind {
  return (ALERT_KINDS as readonly string[]).includes(kind);
}
