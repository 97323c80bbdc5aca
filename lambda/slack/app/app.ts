import type { App } from '@slack/bolt';
import type { SlackAppDeps } from './deps.js';
import { registerActions } from './listeners/actions/index.js';
import { registerCommands } from './listeners/commands/index.js';
import { registerErrorHandler } from './listeners/errors.js';
import { registerShortcuts } from './listeners/shortcuts/index.js';
import { registerViews } from './listeners/views/index.js';
import { claimRequest } from './middleware/claim-request.js';

/** The Lookout Slack app: a list of registrations, the same on every receiver (Lambda, Socket Mode, tests). */
export function registerLookoutApp(app: App, deps: SlackAppDeps): void {
  app.use(claimRequest(deps));
  registerCommands(app, deps);
  registerActions(app, deps);
  registerShortcuts(app, deps);
  registerViews(app, deps);
  registerErrorHandler(app, deps);
}
