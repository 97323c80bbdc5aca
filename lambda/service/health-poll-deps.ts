import type { HealthIngest } from '../engine/health-ingest.js';
import type { IncidentWriter } from '../engine/incident-writer.js';
import type { ServiceDeps } from '../ports/service-deps.js';
import type { HealthEndpoint } from '../sources/health/health-endpoint.js';
import type { Store } from '../store/store.js';

/** Time left after the poll for the Slack delivery of what it found. */
const DELIVERY_RESERVE_MS = 10_000;

export interface HealthPollDeps extends ServiceDeps {
  store: Store;
  ingest: Pick<HealthIngest, 'ingest'>;
  writer: Pick<IncidentWriter, 'apply'>;
  /** This poll's endpoint (active region through DNS, one failover). */
  endpoint: HealthEndpoint;
  organization: boolean;
  /** The poller's own account: the account EventBridge names, so both paths tell one story per event. */
  account: string;
  channel?: string;
  /** When the Lambda must be done (epoch ms); the poll stops fetching before it. */
  deadline?: () => number;
}

/** Stops early enough for the Slack delivery after the poll (the Lambda's deadline, if any). */
export function pastDeadline(deps: HealthPollDeps): boolean {
  return deps.deadline !== undefined && Date.now() >= deps.deadline() - DELIVERY_RESERVE_MS;
}
