import type { App } from '@slack/bolt';
import type { SlackAppDeps } from '../deps.js';

/**
 * The last resort: an error no listener turned into an answer is logged with its cause. Listeners
 * answer their own failures in words; this only makes sure nothing fails silently.
 */
export function registerErrorHandler(app: App, deps: Pick<SlackAppDeps, 'log'>): void {
  app.error(async (error) => {
    deps.log.error('the Slack app failed to handle a request', error);
  });
}
