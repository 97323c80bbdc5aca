import type { LookoutConfig } from '../config/config-schema.js';
import type { Route53Writer } from '../ports/route53.js';
import type { ServiceDeps } from '../ports/service-deps.js';
import { RestoreService } from '../service/route53/restore.js';
import type { RestoreServiceOptions } from '../service/route53/restore-types.js';
import type { Store } from '../store/store.js';
import { route53Defaults } from './route53.js';

/**
 * The restore flow's root: a record set put back to its last-known-good version, each step on the
 * incident's timeline. Its own root, not part of the Route 53 app, because only a person restores
 * (`lookout restore`, the demo's operator): the Lambdas never carry its DNS verification code.
 */
export function createRestoreService(
  deps: ServiceDeps & {
    store: Store;
    clients: { adapter: Route53Writer };
    config?: Pick<LookoutConfig, 'route53'> | undefined;
  },
  options: Omit<RestoreServiceOptions, 'store' | 'adapter' | 'log' | 'now'> = {},
): RestoreService {
  return new RestoreService({
    stableSeconds: (deps.config?.route53 ?? route53Defaults).lastKnownGoodStableSeconds,
    ...options,
    store: deps.store,
    adapter: deps.clients.adapter,
    log: deps.log,
    now: deps.now,
  });
}
