import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { INCIDENT_ACTIONS } from '../../../../domain/render/incident-buttons.js';
import {
  RUNBOOK_STEP_ACTION_IDS,
  RUNBOOK_STEP_DONE_ACTION,
} from '../../../../domain/render/runbook-steps.js';
import type { SlackAppDeps } from '../../deps.js';
import { incidentAck } from './incident-ack.js';
import { incidentNote } from './incident-note.js';
import { incidentResolve } from './incident-resolve.js';
import { incidentTimeline } from './incident-timeline.js';
import { RESTORE_ACTION, restoreLastKnownGood } from './restore-last-known-good.js';
import { runbookStepDone } from './runbook-step-done.js';
import { runbookStepRecheck } from './runbook-step-recheck.js';

/** Every button on Lookout's messages, by `action_id`. */
export function registerActions(app: App, deps: SlackAppDeps): void {
  app.action<BlockAction<ButtonAction>>(INCIDENT_ACTIONS.ack, incidentAck(deps));
  app.action<BlockAction<ButtonAction>>(INCIDENT_ACTIONS.resolve, incidentResolve(deps));
  app.action<BlockAction<ButtonAction>>(INCIDENT_ACTIONS.note, incidentNote(deps));
  app.action<BlockAction<ButtonAction>>(INCIDENT_ACTIONS.timeline, incidentTimeline(deps));
  app.action<BlockAction<ButtonAction>>(RESTORE_ACTION, restoreLastKnownGood(deps));
  app.action<BlockAction<ButtonAction>>(RUNBOOK_STEP_DONE_ACTION, runbookStepDone(deps));
  app.action<BlockAction<ButtonAction>>(RUNBOOK_STEP_ACTION_IDS.recheck, runbookStepRecheck(deps));
}
