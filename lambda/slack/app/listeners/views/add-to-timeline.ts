import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { copiedMessageEntry } from '../../../../domain/incidents/copied-message.js';
import { appendTimelineEntry } from '../../../../service/timeline-append.js';
import { classifySlackError } from '../../../errors.js';
import type { SlackAppDeps } from '../../deps.js';
import { requestIdentity } from '../../middleware/request-identity.js';
import { code } from '../../mrkdwn.js';
import { slackActor } from '../../slack-actor.js';
import { tellLater } from '../../tell-later.js';
import { decodeMessage, INCIDENT_ACTION, INCIDENT_BLOCK } from './add-to-timeline-view.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The "Add to incident timeline" modal submitted: checks (operator, incident still there) answer in the
 * modal itself; then the modal closes, the message's permalink is asked for, the entry is written (once
 * per message and incident) and a delivery handed off, so the thread and the root show it.
 */
export function addToTimelineSubmission(deps: SlackAppDeps) {
  return async ({ ack, view, body, client }: Args): Promise<void> => {
    const refuse = (text: string) =>
      ack({ response_action: 'errors', errors: { [INCIDENT_BLOCK]: text.slice(0, 2000) } });
    const decision = await deps.authorizer.check(body.user.id, 'note');
    if (!decision.allowed) return void (await refuse(decision.message));
    const message = decodeMessage(view.private_metadata);
    if (!message)
      return void (await refuse(
        'Lookout could not read which message this was; use the shortcut on it again.',
      ));
    const incidentId = view.state.values[INCIDENT_BLOCK]?.[INCIDENT_ACTION]?.selected_option?.value;
    const incident = incidentId ? await deps.store.incidents.get(incidentId) : undefined;
    if (!incidentId || !incident)
      return void (await refuse(
        `There is no incident ${incidentId ? code(incidentId) : ''}; choose another.`,
      ));
    await ack();
    let permalink: string | undefined;
    try {
      permalink = (await client.chat.getPermalink({ channel: message.channel, message_ts: message.ts }))
        .permalink;
    } catch (error) {
      // The entry still names the channel and ts; a link nobody could get is not made up.
      deps.log.warn('chat.getPermalink failed; the entry has no link', {
        channel: message.channel,
        ts: message.ts,
        reason: classifySlackError(error).reason,
      });
    }
    const actor = slackActor({ id: body.user.id, name: body.user.name }, decision.via);
    const entry = copiedMessageEntry({
      ...message,
      incidentId,
      permalink,
      by: actor.by,
      byFacts: actor.facts,
    });
    await appendTimelineEntry(deps.store, incident, entry, deps.now());
    await deps.handoff.send({ kind: 'deliver', id: requestIdentity(body) ?? `view:${view.id}` });
    await tellLater(deps, {
      requestId: requestIdentity(body) ?? `view:${view.id}`,
      user: body.user.id,
      channel: message.channel,
      text: `Added to the timeline of incident ${code(incidentId)}.`,
    });
  };
}
