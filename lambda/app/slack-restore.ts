import type { LookoutConfig } from '../config/config-schema.js';
import type { Log } from '../ports/log.js';
import type { RestoreServiceOptions } from '../service/route53/restore-types.js';
import type { SlackRestorerFactory } from '../slack/app/restore/restorer.js';
import type { Store } from '../store/store.js';
import type { Route53Clients, Route53ClientsOptions } from './route53-clients.js';

export interface SlackRestoreOptions {
  config: Pick<LookoutConfig, 'route53'>;
  store: Store;
  log: Log;
  now?: () => Date;
  /**
   * The Route 53 client (LOOKOUT_ROUTE53_ENDPOINT / the emulator, or an SDK client a test made);
   * default: AWS with the function's role. On AWS only the worker's role may change records.
   */
  route53?: Route53ClientsOptions | undefined;
  /** Restore-service settings a host or a test chooses: `resolvers` to verify with, poll and timeouts. */
  restore?: Pick<
    RestoreServiceOptions,
    'resolvers' | 'probe' | 'pollMs' | 'insyncTimeoutMs' | 'verifyTimeoutMs' | 'sleep'
  >;
}

/**
 * Restore from Slack's root: the RestoreService over a Route 53 client built here (the one place
 * Lambda code makes one), or undefined unless `route53.restoreFromSlack: true`. The Slack function
 * uses it to plan (reads only) for the confirmation modal; the worker to plan and submit. The Route 53
 * SDK and the restore code are loaded on the first restore, so a Slack app that never restores never
 * pays for them at cold start; the client is kept for the container's later restores.
 *
 * @example
 * const restore = slackRestorer({ config, store, log });
 * const prepared = await (await restore?.())?.prepare({ zoneId, name, type: 'A', by: 'slack:U0ALICE' });
 */
export function slackRestorer(options: SlackRestoreOptions): SlackRestorerFactory | undefined {
  const route53 = options.config.route53;
  if (!route53?.restoreFromSlack) return undefined;
  let clients: Promise<Route53Clients> | undefined;
  return async (onStep) => {
    clients ??= import('./route53-clients.js').then((m) => m.createRoute53Clients(options.route53 ?? {}));
    const [{ adapter }, { createRestoreService }] = await Promise.all([clients, import('./restore.js')]);
    return createRestoreService(
      {
        store: options.store,
        clients: { adapter },
        config: { route53 },
        log: options.log,
        now: options.now ?? (() => new Date()),
      },
      { ...options.restore, ...(onStep ? { onStep } : {}) },
    );
  };
}
