import type { Incident, TimelineEntry } from '../incident.js';
import { IncidentTransitionError } from '../incidents/errors.js';
import { entryIdFor } from '../incidents/ids.js';
import type { Change } from '../incidents/lifecycle.js';
import { SENDER_NAMES, type TriggerEvent } from './trigger-event.js';

/** A resolve, reopen or unacknowledge applied for one sender episode, by the sender's clock (ISO). */
export interface EpisodeMark {
  kind: 'resolved' | 'reopened' | 'unacknowledged';
  at: string;
}

/** Whether the mark makes the event old news: an unacknowledgement outdates only older acknowledgements. */
function outdates(mark: EpisodeMark, event: Pick<TriggerEvent, 'action' | 'at'>): boolean {
  if (mark.kind === 'unacknowledged') return event.action === 'acknowledge' && mark.at > event.at;
  return (
    mark.at > event.at || (mark.at === event.at && mark.kind === 'resolved' && event.action !== 'resolve')
  );
}

/**
 * Why an ordered event (PagerDuty's) is older than what already happened to its episode, or undefined
 * when it still applies. Judged by the sender's `at`, never by arrival: an event from before a resolve
 * or a reopen belongs to an episode that has ended, and an acknowledgement from before an
 * unacknowledgement was taken back. A resolve at the very time of one applied is the same resolve, left
 * to the incident to find already resolved.
 */
export function staleBecause(
  event: Pick<TriggerEvent, 'sender' | 'action' | 'at'>,
  marks: readonly EpisodeMark[],
): string | undefined {
  const later = marks.filter((m) => outdates(m, event)).sort((a, b) => (a.at < b.at ? 1 : -1))[0];
  if (!later) return undefined;
  return `${SENDER_NAMES[event.sender]} ${later.kind} it at ${later.at}, not before this ${event.action} (${event.at})`;
}

/**
 * The sender took an acknowledgement back (PagerDuty: the acknowledgement timed out, or a person undid
 * it): the incident is open again, and a NOTE says who. An unacknowledgement older than the
 * acknowledgement it would undo changes nothing.
 */
export function unacknowledgeIncident(
  incident: Incident,
  event: Pick<TriggerEvent, 'sender' | 'by' | 'at' | 'dedupId'>,
  actor: string,
): Change {
  if (incident.status !== 'acknowledged') {
    throw new IncidentTransitionError(
      `${incident.id} is ${incident.status}; only an acknowledged incident can be unacknowledged`,
    );
  }
  if (incident.acknowledgedAt && incident.acknowledgedAt > event.at) {
    throw new IncidentTransitionError(
      `${incident.id} was acknowledged at ${incident.acknowledgedAt}, after this unacknowledgement (${event.at})`,
    );
  }
  const entry: TimelineEntry = {
    incidentId: incident.id,
    entryId: entryIdFor(incident.id, 'NOTE', event.dedupId),
    at: event.at,
    kind: 'NOTE',
    source: actor,
    text: `Unacknowledged in ${SENDER_NAMES[event.sender]}${event.by ? ` by ${event.by}` : ''}`,
  };
  const { acknowledgedAt: _at, acknowledgedBy: _by, ...rest } = incident;
  return {
    incident: {
      ...rest,
      status: 'open',
      updatedAt: incident.updatedAt > event.at ? incident.updatedAt : event.at,
      version: incident.version + 1,
    },
    entries: [entry],
  };
}
