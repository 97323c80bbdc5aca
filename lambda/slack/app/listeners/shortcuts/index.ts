import type { App, MessageShortcut } from '@slack/bolt';
import type { SlackAppDeps } from '../../deps.js';
import { ADD_TO_TIMELINE_SHORTCUT, addToTimelineShortcut } from './add-to-timeline.js';

/** Every shortcut (manifest.yaml's `features.shortcuts`). */
export function registerShortcuts(app: App, deps: SlackAppDeps): void {
  app.shortcut<MessageShortcut>(
    { type: 'message_action', callback_id: ADD_TO_TIMELINE_SHORTCUT },
    addToTimelineShortcut(deps),
  );
}
