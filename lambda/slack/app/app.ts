import type { App } from '@slack/bolt';
import type { SlackAppDeps } from './deps.js';
import { registerCommands } from './listeners/commands/index.js';
import { registerErrorHandler } from './listeners/errors.js';
import { claimRequest } from './middleware/claim-request.js';

/** The Lookout Slack app: a list of registrations, the same on every receiver (Lambda, Socket Mode, tests). */
export function registerLookoutApp(app: App, deps: SlackAppDeps): void {
  app.use(claimRequest(deps));
  registerCommands(app, deps);
  registerErrorHandler(app, deps);
}
