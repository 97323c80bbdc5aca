import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { SlackAppDeps } from '../../deps.js';
import { requestIdentity } from '../../middleware/request-identity.js';
import { tellLater } from '../../tell-later.js';
import { tellingFailures } from '../tell-failures.js';
import { addToTimelineView, choosable, EXCERPT_CHARS } from '../views/add-to-timeline-view.js';

/** The message shortcut's `callback_id`, as manifest.yaml declares it. */
export const ADD_TO_TIMELINE_SHORTCUT = 'add_to_timeline';

/** An incident list read this large covers the open ones (a static select shows 100). */
const INCIDENTS_READ = 200;

type Args = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/**
 * "Add to incident timeline" on any message: opens the modal at once (the trigger id lasts about 3 s,
 * so only a store read comes before it). A person who may not change incidents is told so instead, and
 * so is everyone when no incident is open.
 */
export function addToTimelineShortcut(deps: SlackAppDeps) {
  return async ({ ack, shortcut, client }: Args): Promise<void> => {
    await ack();
    const tell = (text: string) =>
      tellLater(deps, {
        requestId: requestIdentity(shortcut) ?? `trigger:${shortcut.trigger_id}`,
        user: shortcut.user.id,
        responseUrl: shortcut.response_url,
        text,
      });
    await tellingFailures(deps, 'the Add to incident timeline shortcut', tell, async () => {
      const decision = await deps.authorizer.check(shortcut.user.id, 'note');
      if (!decision.allowed) return void (await tell(decision.message));
      const open = choosable(await deps.incidents.list(INCIDENTS_READ));
      if (!open.length)
        return void (await tell(
          'No incident is open, so there is no timeline to add this message to. `/lookout incidents` lists the recent ones.',
        ));
      const text = shortcut.message.text ?? '';
      await client.views.open({
        trigger_id: shortcut.trigger_id,
        view: addToTimelineView(open, {
          channel: shortcut.channel.id,
          ts: shortcut.message_ts,
          ...(shortcut.message.user ? { author: shortcut.message.user } : {}),
          excerpt: text.slice(0, EXCERPT_CHARS + 1),
        }),
      });
    });
  };
}
