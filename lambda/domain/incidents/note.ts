import type { Incident, TimelineEntry } from '../incident.js';
import { entryIdFor } from './ids.js';
import type { Change } from './lifecycle.js';

/**
 * A person's note on an incident's timeline, in any status: a note after the resolve is the
 * post-mortem's context. The incident's version moves on so the note commits with the same
 * conditional write as an acknowledge or a resolve (and re-renders the root like them).
 */
export function noteIncident(incident: Incident, by: string, at: string, text: string): Change {
  const entry: TimelineEntry = {
    incidentId: incident.id,
    entryId: entryIdFor(incident.id, 'NOTE', `${by}@${at}#${text}`),
    at,
    kind: 'NOTE',
    source: by,
    text: `Note by ${by}: ${text}`,
  };
  return {
    incident: {
      ...incident,
      updatedAt: incident.updatedAt > at ? incident.updatedAt : at,
      version: incident.version + 1,
    },
    entries: [entry],
  };
}
