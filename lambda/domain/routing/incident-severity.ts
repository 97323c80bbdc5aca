import type { Incident } from '../incident.js';
import { type Severity, severityOf } from './severity.js';

/**
 * An incident's severity: the one it opened with, or, for an incident stored before severities were
 * recorded, the default of the kind it opened with.
 */
export function severityOfIncident(incident: Pick<Incident, 'severity' | 'kind' | 'facts'>): Severity {
  return incident.severity ?? severityOf(incident.kind, incident.facts);
}
