import type { App, ViewSubmitAction } from '@slack/bolt';
import type { SlackAppDeps } from '../../deps.js';
import { addToTimelineSubmission } from './add-to-timeline.js';
import { ADD_TO_TIMELINE_VIEW } from './add-to-timeline-view.js';

/** Every modal's submission, by `callback_id`. */
export function registerViews(app: App, deps: SlackAppDeps): void {
  app.view<ViewSubmitAction>(ADD_TO_TIMELINE_VIEW, addToTimelineSubmission(deps));
}
