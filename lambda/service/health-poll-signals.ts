import type { Signal } from '../domain/signals.js';
import type { IncidentSubject } from '../domain/targets.js';

/** What the poller's own configuration problems are about: the Health API poller itself. */
export function healthPollerSubject(channel?: string): IncidentSubject {
  return {
    id: 'aws-health-api/POLLER',
    name: 'AWS Health API poller',
    type: 'POLLER',
    ...(channel ? { channel } : {}),
  };
}

/**
 * The account has no support plan the Health API accepts: one MISCONFIGURED signal, with one identity
 * while it lasts (applying it again is a no-op), saying what to do and what keeps working.
 */
export function subscriptionRequiredSignal(at: Date, error: { name: string; message: string }): Signal {
  const problem = `${error.name}${error.message ? `: ${error.message}` : ''}`;
  return {
    kind: 'MISCONFIGURED',
    targetId: healthPollerSubject().id,
    at: at.toISOString(),
    observationId: 'health-poller:subscription-required',
    summary:
      `The AWS Health API refused Lookout's poller (${problem}): the account needs a Business, Enterprise On-Ramp or Enterprise Support plan. ` +
      'Subscribe to one, or remove health.poller from the config to stop polling. AWS Health events still reach Lookout through EventBridge, which needs no support plan; only missed deliveries and the organization view depend on the poller.',
    evidence: [],
    source: 'aws-health',
    facts: { name: 'AWS Health API poller', type: 'POLLER', problem, errorName: error.name },
  };
}

/** The Health API answers again: the configuration incident ends. */
export function subscriptionRestoredSignal(at: Date): Signal {
  return {
    kind: 'RECOVERED',
    targetId: healthPollerSubject().id,
    at: at.toISOString(),
    observationId: `health-poller:subscription-restored:${at.toISOString()}`,
    summary: "The AWS Health API answers Lookout's poller again: polling has resumed.",
    evidence: [],
    source: 'aws-health',
    facts: { name: 'AWS Health API poller', type: 'POLLER' },
  };
}
