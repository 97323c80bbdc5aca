import { type HealthCorrelationSettings, healthServiceOf } from './health-correlation.js';

/**
 * Which regions' default buses carry the `aws.health` events Lookout must see. AWS delivers an event to
 * the bus of the region it concerns, events about global services (and abuse events) to us-east-1, and a
 * copy of every event to a backup region (`detail.backupEvent`): us-west-2, or us-east-1 for us-west-2.
 */

/** Where AWS Health delivers events about global services (IAM, Route 53, CloudFront…). */
export const HEALTH_GLOBAL_EVENTS_REGION = 'us-east-1';

/**
 * The region AWS sends a region's backup copy to.
 * @example healthBackupRegionOf('eu-west-1') // 'us-west-2'
 */
export function healthBackupRegionOf(region: string): string {
  return region === 'us-west-2' ? 'us-east-1' : 'us-west-2';
}

/** `aws`, `aws-cn` or `aws-us-gov`: EventBridge cannot forward across partitions. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export interface HealthRegionsInput {
  /** Where Lookout's own rule listens. */
  readonly lookoutRegion: string;
  /** The watched DNS names; those that are AWS endpoint names bring their region. */
  readonly targets: readonly { readonly name: string }[];
  /** `health.regions`: more regions the person asked for. */
  readonly regions?: readonly string[] | undefined;
  /** `health.correlation`: its endpoint overrides also say which region a name belongs to. */
  readonly correlation?: HealthCorrelationSettings | undefined;
}

/**
 * Every region whose `aws.health` events must reach Lookout, sorted, Lookout's own included: its own, the
 * global-events region, the regions of the watched AWS endpoint names, `health.regions`, and the backup
 * region of each. Regions of another partition than Lookout's are left out: no rule could forward from them.
 * @example healthEventRegions({ lookoutRegion: 'eu-central-1', targets: [{ name: 'dynamodb.us-east-1.amazonaws.com' }] })
 * // ['eu-central-1', 'us-east-1', 'us-west-2']
 */
export function healthEventRegions(input: HealthRegionsInput): string[] {
  const primary = new Set<string>([input.lookoutRegion, HEALTH_GLOBAL_EVENTS_REGION]);
  for (const target of input.targets) {
    const endpoint = healthServiceOf(target.name, input.correlation);
    // `global` events arrive in the global-events region, already in the set.
    if (endpoint && endpoint.region !== 'global') primary.add(endpoint.region);
  }
  for (const region of input.regions ?? []) primary.add(region);
  const all = new Set(primary);
  for (const region of primary) all.add(healthBackupRegionOf(region));
  const partition = partitionOf(input.lookoutRegion);
  return [...all].filter((region) => partitionOf(region) === partition).sort();
}

/**
 * The regions that need a forwarding rule to Lookout's bus: every region of `healthEventRegions` but
 * Lookout's own, whose events its own rule receives directly.
 */
export function healthForwardingRegions(input: HealthRegionsInput): string[] {
  return healthEventRegions(input).filter((region) => region !== input.lookoutRegion);
}
