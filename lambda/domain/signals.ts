import type { ResolverCause } from './causes/round-verdict.js';
import type { ResolverOutcome } from './observation.js';
import type { ControlPlaneChange } from './route53/control-plane-change.js';

/** Kinds that open (or join) an incident. */
export const ALERT_KINDS = [
  'EMPTY',
  'DEGRADED',
  'FLAPPING',
  'UNREACHABLE',
  'CONCURRENT_WRITERS',
  'STALE_OVERWRITE',
  /** Lookout cannot watch what it was told to (a hosted zone gone, access denied): never EMPTY. */
  'MISCONFIGURED',
  /** AWS Health reports an issue: its own incident, or joins the incident of a target it concerns. */
  'HEALTH_EVENT',
  /** An on-call tool paged (PagerDuty, Alertmanager, a signed trigger): its own incident, by the name it gave. */
  'TRIGGERED',
  /** A person declared an incident by hand (`/lookout declare`): its own incident, by the words they gave. */
  'DECLARED',
] as const;
/** Kinds that only add to the timeline of an open incident (or are logged when none is open). */
export const INFO_KINDS = [
  'CHANGED',
  'RECOVERED',
  /** One problem ended while another goes on (UNREACHABLE over, still FLAPPING): the headline follows. */
  'ENDED',
  'RECORD_ADDED',
  'RECORD_CHANGED',
  'RECORD_DELETED',
  /** AWS posted a newer version of a Health event (description, status or affected resources). */
  'HEALTH_UPDATE',
] as const;

/**
 * Where a signal came from: what clients see (the probe), what Route 53 holds and who changed it, what
 * AWS Health posted, or what an on-call tool triggered.
 */
export const SIGNAL_SOURCES = [
  'dns-probe',
  'route53-snapshot',
  'cloudtrail',
  'change-history',
  'aws-health',
  /** An on-call runbook trigger (PagerDuty, Alertmanager, a signed JSON trigger, EventBridge). */
  'trigger',
] as const;
export type SignalSource = (typeof SIGNAL_SOURCES)[number];

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
  /** Defaults to `dns-probe`. */
  source?: SignalSource;
  /** Control-plane evidence: the changes (with writers) behind a Route 53 signal. */
  changes?: ControlPlaneChange[];
  /** Numbers a runbook template or a renderer may use (counts, baseline, transitions, since, ...). */
  facts: Record<string, string | number | boolean>;
  /**
   * Where it sits among signals with the same `at`: the source's own sequence (timeline-sequence.ts),
   * so a cause sorts before what it causes when the clock cannot tell them apart.
   */
  seq?: string;
  /** An UNREACHABLE shared with other targets (their resolvers are down): it joins the cause's incident. */
  cause?: ResolverCause;
  /** The cause incident (subject id) this target leaves: its UNREACHABLE ended or is its own now. */
  leaves?: string;
}

export function isAlertKind(kind: SignalKind): kind is AlertKind {
  return (ALERT_KINDS as readonly string[]).includes(kind);
}
