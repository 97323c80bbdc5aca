import { IncidentTransitionError } from '../../domain/incidents/errors.js';
import { NotFoundError } from '../../store/errors.js';
import type { SlackAppDeps } from './deps.js';
import { code, escapeMrkdwn } from './mrkdwn.js';
import { type SlackUser, slackActor } from './slack-actor.js';

/** What a person can do to one incident from Slack, by command, button or modal. */
export type IncidentChangeKind = 'ack' | 'resolve' | 'note';

export interface IncidentChangeRequest {
  kind: IncidentChangeKind;
  incidentId: string;
  user: SlackUser;
  /** The resolve's note (optional) or the note's text (required). */
  text?: string | undefined;
  /** The Slack request's identity: the delivery job after the change is named for it. */
  requestId: string;
}

/**
 * How it went, with the ephemeral sentence to show: `refused` (not an operator), `missing` (no such
 * incident), `unchanged` (already in that state: resolved, acknowledged), `done`.
 */
export interface IncidentChangeAnswer {
  outcome: 'done' | 'refused' | 'missing' | 'unchanged';
  text: string;
}

const DONE: Record<IncidentChangeKind, string> = {
  ack: 'Acknowledged',
  resolve: 'Resolved',
  note: 'Added your note to',
};

/**
 * One state change from Slack, the same for `/lookout ack`, the Acknowledge button and the note modal:
 * the authorizer first (a refusal names who may), then the incident command with the Slack user as
 * its `by` (the timeline entry names them), then the outbox is sent after the acknowledgement, which
 * re-renders the root in place and puts the entry in its thread.
 */
export async function changeIncident(
  deps: Pick<SlackAppDeps, 'authorizer' | 'incidents' | 'handoff' | 'log'>,
  request: IncidentChangeRequest,
): Promise<IncidentChangeAnswer & { deliver?: () => Promise<void> }> {
  const decision = await deps.authorizer.check(request.user.id, request.kind);
  if (!decision.allowed) return { outcome: 'refused', text: decision.message };
  const actor = slackActor(request.user, decision.via);
  const id = request.incidentId;
  try {
    if (request.kind === 'ack') await deps.incidents.acknowledge(id, actor.by);
    else if (request.kind === 'resolve')
      await deps.incidents.resolve(id, actor.by, request.text || undefined);
    else await deps.incidents.note(id, actor.by, request.text ?? '');
  } catch (error) {
    if (error instanceof NotFoundError)
      return {
        outcome: 'missing',
        text: `There is no incident ${code(id)}; nothing was changed. \`/lookout incidents\` lists the incidents there are.`,
      };
    if (error instanceof IncidentTransitionError)
      return { outcome: 'unchanged', text: `Nothing changed: ${escapeMrkdwn(error.message)}.` };
    throw error;
  }
  deps.log.info('incident changed from Slack', { kind: request.kind, incidentId: id, by: actor.by });
  return {
    outcome: 'done',
    text: `${DONE[request.kind]} ${code(id)} as ${code(actor.by)}: its timeline names you, and its message in the channel follows the change.`,
    deliver: () => deps.handoff.send({ kind: 'deliver', id: `deliver:${request.requestId}` }),
  };
}
