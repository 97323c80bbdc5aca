import { NAMED_RUNBOOK_FACT } from '../runbooks/select.js';
import type { Signal } from '../signals.js';
import type { IncidentSubject } from '../targets.js';
import { SENDER_NAMES, senderPhrase, type TriggerEvent } from './trigger-event.js';
import type { TriggerSeverity } from './trigger-severity.js';

/**
 * What a trigger's incident is about: the sender's episode (`trigger:<sender>:<key>`), never a DNS
 * target id (`name/TYPE`), so a page named like a watched host name opens its own incident.
 */
export function triggerSubject(event: TriggerEvent, channel?: string): IncidentSubject {
  return {
    id: triggerSubjectId(event),
    name: event.name,
    type: `via ${SENDER_NAMES[event.sender]}`,
    ...(channel ? { channel } : {}),
  };
}

export function triggerSubjectId(event: Pick<TriggerEvent, 'sender' | 'key'>): string {
  return `trigger:${event.sender}:${event.key}`;
}

/**
 * The TRIGGERED signal of a `trigger` action. Its facts are only what the sender said (plus the
 * severity they map to and the runbook chosen), for the root message, runbook templates and routing.
 */
export function triggerSignal(
  event: TriggerEvent,
  severity: TriggerSeverity,
  runbook: string | undefined,
  /** What the sender did, for an episode it began again (`reopened`). */
  verb = 'triggered',
): Signal & { kind: 'TRIGGERED' } {
  const sender = senderPhrase(event);
  return {
    kind: 'TRIGGERED',
    targetId: triggerSubjectId(event),
    at: event.at,
    observationId: `trigger:${event.dedupId}`,
    summary: `${sender} ${verb} ${event.name}${event.summary ? `: ${event.summary}` : ''}`,
    evidence: [],
    source: 'trigger',
    facts: {
      sender,
      name: event.name,
      key: event.key,
      severity,
      ...(event.severity ? { senderSeverity: event.severity } : {}),
      ...(event.summary ? { summary: event.summary } : {}),
      ...(event.url ? { url: event.url } : {}),
      ...(runbook ? { [NAMED_RUNBOOK_FACT]: runbook } : {}),
    },
  };
}

const ACTOR_PREFIX: Readonly<Record<TriggerEvent['sender'], string>> = {
  generic: 'trigger',
  pagerduty: 'pagerduty',
  alertmanager: 'alertmanager',
};

/** Who acknowledged or resolved, as the timeline names them: `pagerduty:Earline Greenholt`, `alertmanager`. */
export function triggerActor(event: TriggerEvent): string {
  const prefix = ACTOR_PREFIX[event.sender];
  return event.by ? `${prefix}:${event.by}` : prefix;
}
