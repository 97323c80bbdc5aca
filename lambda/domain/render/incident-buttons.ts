import type { Incident } from '../incident.js';
import { SLACK_LIMITS, truncate } from './limits.js';

/** The `action_id` of each button on an incident's root (the Slack app's listeners match them). */
export const INCIDENT_ACTIONS = {
  ack: 'incident_ack',
  resolve: 'incident_resolve',
  note: 'incident_note',
  timeline: 'incident_timeline',
  /** The restore-from-Slack listener's id (lambda/slack/app/listeners/actions/restore*.ts). */
  restore: 'restore_last_known_good',
} as const;
export type IncidentActionName = keyof typeof INCIDENT_ACTIONS;

/** The block's id: the listeners never need it, but a stable one keeps Slack's edits in place. */
export const INCIDENT_ACTIONS_BLOCK = 'incident_actions';

/** Slack's limits for a button: `value` 2,000 characters, `action_id` and `block_id` 255. */
export const BUTTON_LIMITS = { value: 2000, actionId: 255, blockId: 255 } as const;

export interface IncidentButton {
  type: 'button';
  action_id: string;
  text: { type: 'plain_text'; text: string; emoji: true };
  /** The incident id: all a listener needs, and it re-reads the incident before acting. */
  value: string;
  style?: 'primary' | 'danger';
}

export interface IncidentActionsBlock {
  type: 'actions';
  block_id: string;
  elements: IncidentButton[];
}

const LABELS: Record<IncidentActionName, string> = {
  ack: 'Acknowledge',
  resolve: 'Resolve',
  note: 'Add note',
  timeline: 'Show timeline',
  restore: 'Restore last-known-good',
};

/**
 * What a person can still do to the incident, by status: an open one can be acknowledged; an
 * acknowledged one resolved; any can take a note and show its timeline. A resolved one keeps only the
 * reading buttons and the note (context for the post-mortem); pressing a stale button from before the
 * re-render is answered by the listener, since Slack shows the old message until it is edited.
 */
export function incidentButtons(
  incident: Pick<Incident, 'id' | 'status'>,
  /** Restore from Slack applies to this incident (restoreTargetOf): the guarded restore button is offered. */
  restorable = false,
): IncidentActionsBlock {
  const names: IncidentActionName[] =
    incident.status === 'open'
      ? ['ack', 'resolve', 'note', 'timeline']
      : incident.status === 'acknowledged'
        ? ['resolve', 'note', 'timeline']
        : ['note', 'timeline'];
  if (restorable && incident.status !== 'resolved') names.push('restore');
  const value = truncate(incident.id, BUTTON_LIMITS.value, '');
  return {
    type: 'actions',
    block_id: INCIDENT_ACTIONS_BLOCK,
    elements: names.map((name) => ({
      type: 'button',
      action_id: INCIDENT_ACTIONS[name],
      text: { type: 'plain_text', text: truncate(LABELS[name], SLACK_LIMITS.buttonText), emoji: true },
      value,
      ...(name === 'ack' ? { style: 'primary' as const } : {}),
    })),
  };
}
