import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackAppDeps } from '../../deps.js';
import { changeIncident } from '../../incident-change.js';
import { requestIdentity } from '../../middleware/request-identity.js';
import { code } from '../../mrkdwn.js';
import { tellLater } from '../../tell-later.js';
import { tellingFailures } from '../tell-failures.js';
import { decodeNoteMetadata, NOTE_BLOCK, NOTE_INPUT } from './note-modal.js';
import { submittedOnce } from './submitted-once.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The Add note modal submitted: the note goes to the incident's timeline (naming the Slack user) and,
 * once delivered, into its thread. The modal closes at once; the outcome is told ephemerally in the
 * channel the button was in. Submitted twice, it is added once and the second time says so. The
 * delivery and the answer are both handed off: no Slack call runs before Slack has its answer.
 */
export function noteSubmission(deps: SlackAppDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    const metadata = decodeNoteMetadata(view.private_metadata);
    const text = view.state.values[NOTE_BLOCK]?.[NOTE_INPUT]?.value?.trim() ?? '';
    if (!text) {
      await ack({ response_action: 'errors', errors: { [NOTE_BLOCK]: 'What should the note say?' } });
      return;
    }
    await ack();
    if (!metadata) {
      deps.log.warn('a note modal came back without its incident', { viewId: view.id });
      return;
    }
    const requestId = requestIdentity(body) ?? `view:${view.id}`;
    const tell = (message: string) =>
      tellLater(deps, {
        requestId,
        user: body.user.id,
        channel: metadata.channel || undefined,
        responseUrl: metadata.responseUrl,
        text: message,
      });
    await tellingFailures(deps, 'adding your note', tell, async () => {
      // Asked before the modal is claimed: a refused submission leaves nothing behind.
      const decision = await deps.authorizer.check(body.user.id, 'note');
      if (!decision.allowed) return void (await tell(decision.message));
      if (!(await submittedOnce(deps, view.id)))
        return void (await tell(
          `This note was already added to ${code(metadata.incidentId)}; nothing was added again.`,
        ));
      const answer = await changeIncident(deps, {
        kind: 'note',
        incidentId: metadata.incidentId,
        user: { id: body.user.id, name: body.user.name },
        text,
        requestId,
      });
      // The delivery first: the note reaches the thread whatever becomes of the answer to the person.
      await answer.deliver?.();
      await tell(answer.text);
    });
  };
}
