/**
 * What a person can do from Slack, split by whether it changes state. Reading is for everyone in the
 * workspace; changing state is for operators (authorize.ts). Each listener names its action here, so the
 * refusal can say in words what was refused.
 */
export const STATE_CHANGING_ACTIONS = [
  'ack',
  'resolve',
  'note',
  'declare',
  'watch',
  'unwatch',
  'runbook',
  'restore',
] as const;
export const READING_ACTIONS = ['help', 'status', 'check', 'incidents', 'show', 'timeline'] as const;

export type StateChangingAction = (typeof STATE_CHANGING_ACTIONS)[number];
export type ReadingAction = (typeof READING_ACTIONS)[number];
export type SlackAction = StateChangingAction | ReadingAction;

/** Finishes "… may <words> from Slack". */
export const ACTION_WORDS: Record<StateChangingAction, string> = {
  ack: 'acknowledge incidents',
  resolve: 'resolve incidents',
  note: 'add to incident timelines',
  declare: 'declare incidents',
  watch: 'add names to the watch list',
  unwatch: 'remove names from the watch list',
  runbook: 'check off runbook steps or run their actions',
  restore: 'restore record sets',
};

export function changesState(action: SlackAction): action is StateChangingAction {
  return (STATE_CHANGING_ACTIONS as readonly string[]).includes(action);
}
