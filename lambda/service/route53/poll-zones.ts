import type { Route53Config } from '../../config/config-schema.js';
import type { Log } from '../logger.js';
import type { PollResult, ZonePoller } from './zone-poller.js';

export interface PollSummary {
  results: PollResult[];
  /** Zones that are gone or not readable: configuration problems, reported, never EMPTY incidents. */
  misconfigured: { zoneId: string; problem: string }[];
  failures: { zoneId: string; error: string }[];
}

const CONFIGURATION_ERRORS = new Set([
  'NoSuchHostedZone',
  'AccessDenied',
  'AccessDeniedException',
  'InvalidInput',
]);

/** Polls every configured zone; one zone's failure never stops the others. */
export async function pollZones(poller: ZonePoller, config: Route53Config, log: Log): Promise<PollSummary> {
  const summary: PollSummary = { results: [], misconfigured: [], failures: [] };
  for (const zone of config.zones) {
    try {
      summary.results.push(await poller.poll(zone.id));
    } catch (error) {
      const name = (error as Error).name;
      if (CONFIGURATION_ERRORS.has(name)) {
        const problem = `${name}: ${(error as Error).message}`;
        log.error("hosted zone cannot be read: check route53.zones in the config and Lookout's permissions", {
          zoneId: zone.id,
          problem,
        });
        summary.misconfigured.push({ zoneId: zone.id, problem });
      } else {
        log.error('zone snapshot failed', { zoneId: zone.id, error: String(error) });
        summary.failures.push({ zoneId: zone.id, error: String(error) });
      }
    }
  }
  return summary;
}
