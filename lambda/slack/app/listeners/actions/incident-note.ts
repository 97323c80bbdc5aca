import type { SlackAppDeps } from '../../deps.js';
import { requestIdentity } from '../../middleware/request-identity.js';
import { code } from '../../mrkdwn.js';
import { tellingFailures } from '../tell-failures.js';
import { noteModal } from '../views/note-modal.js';
import { type ButtonArgs, tellButtonPresser } from './incident-button.js';

/**
 * The root's Add note button: opens the note modal on the fast path (the trigger id lasts ~3 s) for an
 * operator; anyone else is told who may, before typing a note that could not be saved.
 */
export function incidentNote(deps: SlackAppDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const requestId = requestIdentity(body) ?? `trigger:${body.trigger_id}`;
    const tell = (text: string) => tellButtonPresser(deps, body, requestId, text);
    await tellingFailures(deps, 'the Add note button', tell, async () => {
      const decision = await deps.authorizer.check(body.user.id, 'note');
      if (!decision.allowed) return void (await tell(decision.message));
      const incidentId = action.value ?? '';
      if (!(await deps.store.incidents.get(incidentId)))
        return void (await tell(`There is no incident ${code(incidentId)}.`));
      await client.views.open({
        trigger_id: body.trigger_id,
        view: noteModal({
          incidentId,
          channel: body.channel?.id ?? '',
          ...(body.response_url ? { responseUrl: body.response_url } : {}),
        }),
      });
    });
  };
}
