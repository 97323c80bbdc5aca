import type { SlackOperators } from '../../config/slack-schema.js';
import { ACTION_WORDS, type StateChangingAction } from './slack-actions.js';

/** `a`, `a or b`, `a, b or c` (`and` for lists of people who all may). */
function list(items: readonly string[], last: 'and' | 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;
}

/** Who may act, as Slack mentions rendered from the config: `<@U…>` and `members of <!subteam^S…>`. */
export function whoMay(operators: SlackOperators): string {
  const people = operators.users.map((id) => `<@${id}>`);
  const groups = operators.usergroups.map((id) => `<!subteam^${id}>`);
  const members = groups.length ? [`members of ${list(groups, 'or')}`] : [];
  return list([...people, ...members], 'and');
}

const CONFIG_KEYS = '`slack.operators.users` (member IDs) or `slack.operators.usergroups` (user-group IDs)';

/** The user is neither listed nor in a listed group. */
export function notOperatorMessage(operators: SlackOperators, action: StateChangingAction): string {
  return `Only ${whoMay(operators)} may ${ACTION_WORDS[action]} from Slack, and you are not among them. Ask one of them, or ask whoever runs Lookout to add you to ${CONFIG_KEYS} in its config. Reading incidents is open to everyone.`;
}

/** Nobody is configured: the secure default, and the key that changes it. */
export function noOperatorsMessage(action: StateChangingAction): string {
  return `Nobody may ${ACTION_WORDS[action]} from Slack yet: Lookout's config names no operators. Whoever runs Lookout can allow it by setting ${CONFIG_KEYS} in its config. Reading incidents is open to everyone.`;
}

/**
 * A group's members could not be read: refused, never granted, with the reason Slack (or the network)
 * gave, so the person knows a retry may succeed and an admin knows what to fix.
 */
export function lookupFailedMessage(
  operators: SlackOperators,
  action: StateChangingAction,
  failed: readonly { usergroup: string; reason: string }[],
): string {
  const groups = list(
    failed.map((f) => `<!subteam^${f.usergroup}>`),
    'or',
  );
  const reasons = [...new Set(failed.map((f) => `\`${f.reason}\``))].join(', ');
  return `Lookout could not check whether you are in ${groups}: Slack's usergroups.users.list failed (${reasons}). A check that fails never grants, so nothing was changed; try again in a moment. Who may ${ACTION_WORDS[action]} from Slack: ${whoMay(operators)}.`;
}
