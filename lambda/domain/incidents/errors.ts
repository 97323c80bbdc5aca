/** A lifecycle step that the incident's current status does not allow (e.g. ack a resolved incident). */
export class IncidentTransitionError extends Error {
  readonly code = 'INCIDENT_TRANSITION';
  constructor(message: string) {
    super(message);
    this.name = 'IncidentTransitionError';
  }
}
