import type { AllowedVia } from './authorize.js';

/** The person behind a Slack request, as the payload names them. */
export interface SlackUser {
  /** `U…` / `W…`. */
  id: string;
  /** The handle Slack sent with the request (`user_name` or `user.username`), when it did. */
  name?: string | undefined;
}

/** Who did something from Slack, in the forms the listeners need. */
export interface SlackActor {
  /**
   * `slack:U0ALICE`, or `slack:U0ALICE (@alice)` when the handle is known: the `by` every incident
   * command records as the entry's source and in its text, like the CLI's `cli:<user>`.
   */
  by: string;
  /** `<@U0ALICE>`: Slack renders the person's current name in replies. */
  mention: string;
  /** For a timeline entry's facts: the id (names change, ids do not) and how the action was allowed. */
  facts: Record<string, string>;
}

/** Control characters and Slack's own markup characters never reach a timeline from a handle. */
function cleanHandle(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return name.replace(/[\u0000-\u001f\u007f<>&*_`~|]/g, '').slice(0, 80);
}

/**
 * The actor for an allowed state-changing action, so its timeline entry names the Slack user.
 * @example
 * const actor = slackActor({ id: body.user_id, name: body.user_name }, decision.via);
 * await commands.acknowledge(incidentId, actor.by);
 * await respond(`Acknowledged by ${actor.mention}`);
 */
export function slackActor(user: SlackUser, via?: AllowedVia): SlackActor {
  const handle = user.name ? cleanHandle(user.name) : '';
  const by = handle ? `slack:${user.id} (@${handle})` : `slack:${user.id}`;
  return {
    by,
    mention: `<@${user.id}>`,
    facts: {
      actor: by,
      slackUserId: user.id,
      ...(handle ? { slackUserName: handle } : {}),
      ...(via && via.kind !== 'reading'
        ? { allowedBy: via.kind === 'user' ? 'slack.operators.users' : `usergroup ${via.usergroup}` }
        : {}),
    },
  };
}

/** The Slack member id in a `by` that slackActor made (`slack:U0ALICE (@alice)` → `U0ALICE`). */
export function slackUserIdOf(by: string): string | undefined {
  return /^slack:([UW][A-Z0-9]+)\b/.exec(by)?.[1];
}
