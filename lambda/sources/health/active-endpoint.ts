import type { Log } from '../../ports/log.js';

/** The name AWS documents for finding the Health API's active endpoint. */
export const GLOBAL_HEALTH_NAME = 'global.health.amazonaws.com';

/** The two regions AWS Health's API runs in, active/passive; us-east-1 is AWS's default configuration. */
export const HEALTH_API_REGIONS = ['us-east-1', 'us-east-2'] as const;

/** `health.us-east-2.amazonaws.com` (a trailing dot allowed) → `us-east-2`. */
const REGIONAL_NAME = /^health\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com\.?$/i;

/** Answers the CNAME of a name (Node's `Resolver.resolveCname`, pointed at any server). */
export type CnameResolver = (name: string) => Promise<string[]>;

/** The other region of the pair: where to go when the active one fails. */
export function otherHealthRegion(region: string): string {
  return region === 'us-east-2' ? 'us-east-1' : 'us-east-2';
}

/**
 * The region of the active Health endpoint, as AWS documents finding it: the CNAME of
 * `global.health.amazonaws.com` names `health.<region>.amazonaws.com`. The client is then built for that
 * region, never for `aws-global` (which signs for us-east-1 and is refused after a failover). When the
 * name cannot be resolved or names something else, us-east-1 (AWS's default), logged.
 *
 * @example
 * await activeHealthRegion((name) => resolver.resolveCname(name), log); // 'us-east-1'
 */
export async function activeHealthRegion(resolveCname: CnameResolver, log: Log): Promise<string> {
  let names: string[];
  try {
    names = await resolveCname(GLOBAL_HEALTH_NAME);
  } catch (error) {
    log.warn(`could not resolve ${GLOBAL_HEALTH_NAME}: using us-east-1, AWS's default active region`, {
      error,
    });
    return HEALTH_API_REGIONS[0];
  }
  const region = names.map((name) => REGIONAL_NAME.exec(name)?.[1]).find((r) => r !== undefined);
  if (region) return region.toLowerCase();
  log.warn(`${GLOBAL_HEALTH_NAME} names no regional Health endpoint: using us-east-1`, { cname: names });
  return HEALTH_API_REGIONS[0];
}
