import { LookoutError } from '../errors.js';

/** A lifecycle step that the incident's current status does not allow (e.g. ack a resolved incident). */
export class IncidentTransitionError extends LookoutError {
  // Spelled out: the Lambda bundle is minified, so the class's own name would not survive.
  override name = 'IncidentTransitionError';
  readonly code = 'INCIDENT_TRANSITION';
}
