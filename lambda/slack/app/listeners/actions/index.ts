import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import {
  RUNBOOK_STEP_ACTION_IDS,
  RUNBOOK_STEP_DONE_ACTION,
} from '../../../../domain/render/runbook-steps.js';
import type { SlackAppDeps } from '../../deps.js';
import { runbookStepDone } from './runbook-step-done.js';
import { runbookStepRecheck } from './runbook-step-recheck.js';

/** Every button on Lookout's messages, by `action_id`. */
export function registerActions(app: App, deps: SlackAppDeps): void {
  app.action<BlockAction<ButtonAction>>(RUNBOOK_STEP_DONE_ACTION, runbookStepDone(deps));
  app.action<BlockAction<ButtonAction>>(RUNBOOK_STEP_ACTION_IDS.recheck, runbookStepRecheck(deps));
}
