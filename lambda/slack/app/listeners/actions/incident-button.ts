import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { describeError } from '../../../../shared/describe-error.js';
import type { SlackAppDeps } from '../../deps.js';
import { changeIncident, type IncidentChangeKind } from '../../incident-change.js';
import { requestIdentity } from '../../middleware/request-identity.js';
import { code, escapeMrkdwn } from '../../mrkdwn.js';
import { tellLater } from '../../tell-later.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Who pressed, as the payload names them (`username` is the handle; older payloads only have `name`). */
export function presser(body: BlockAction): { id: string; name?: string } {
  const user = body.user as { id: string; username?: string; name?: string };
  const name = user.username ?? user.name;
  return name ? { id: user.id, name } : { id: user.id };
}

/**
 * Acknowledge and Resolve on the root: the same change as the command, answered ephemerally to the
 * person who pressed after the acknowledgement (never replacing the root, which the delivery re-renders). A button on a message
 * older than the incident's state (resolved since) says what state it is in and changes nothing.
 */
export function incidentChangeButton(deps: SlackAppDeps, kind: Exclude<IncidentChangeKind, 'note'>) {
  return async ({ ack, body, action }: ButtonArgs): Promise<void> => {
    await ack();
    const requestId = requestIdentity(body) ?? `trigger:${body.trigger_id}`;
    const tell = (text: string) => tellButtonPresser(deps, body, requestId, text);
    const incidentId = action.value ?? '';
    let answer: Awaited<ReturnType<typeof changeIncident>>;
    try {
      answer = await changeIncident(deps, { kind, incidentId, user: presser(body), requestId });
    } catch (error) {
      // The press is acknowledged already: the person hears of a failure here or not at all.
      deps.log.error('an incident button failed', error, { kind, incidentId });
      await tell(
        `Lookout could not change ${code(incidentId)}: ${escapeMrkdwn(describeError(error))}. Try again in a moment; the Slack function's logs have the cause.`,
      );
      return;
    }
    await answer.deliver?.();
    await tell(answer.text);
  };
}

/**
 * An ephemeral answer to whoever pressed a button, handed off (tell-later.ts): through the press's
 * response URL (never replacing the root, which the delivery re-renders), else a direct message.
 */
export function tellButtonPresser(
  deps: Pick<SlackAppDeps, 'handoff'>,
  body: BlockAction,
  requestId: string,
  text: string,
): Promise<void> {
  return tellLater(deps, { requestId, user: body.user.id, responseUrl: body.response_url, text });
}
