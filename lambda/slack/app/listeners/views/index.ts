import type { App, ViewSubmitAction } from '@slack/bolt';
import type { SlackAppDeps } from '../../deps.js';
import { RESTORE_VIEW } from '../../restore/modal.js';
import { addToTimelineSubmission } from './add-to-timeline.js';
import { ADD_TO_TIMELINE_VIEW } from './add-to-timeline-view.js';
import { DECLARE_VIEW } from './declare-modal.js';
import { declareSubmission } from './declare-submission.js';
import { NOTE_VIEW } from './note-modal.js';
import { noteSubmission } from './note-submission.js';
import { restoreConfirmSubmission } from './restore-confirm.js';

/** Every modal's submission, by `callback_id`. */
export function registerViews(app: App, deps: SlackAppDeps): void {
  app.view<ViewSubmitAction>(NOTE_VIEW, noteSubmission(deps));
  app.view<ViewSubmitAction>(DECLARE_VIEW, declareSubmission(deps));
  app.view<ViewSubmitAction>(RESTORE_VIEW, restoreConfirmSubmission(deps));
  app.view<ViewSubmitAction>(ADD_TO_TIMELINE_VIEW, addToTimelineSubmission(deps));
}
