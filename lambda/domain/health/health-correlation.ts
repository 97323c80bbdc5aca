import { normalizeDnsName } from '../dns-name.js';
import type { HealthEvent } from './health-event.js';

/**
 * Which watched DNS names an AWS Health event concerns: the service's AWS endpoint names in the event's
 * region. The rule is `<service>.<region>.amazonaws.com` (`.amazonaws.com.cn` in China); the table
 * below holds the services whose Health code is not their endpoint prefix, or that are global.
 */

/** Config (`health.correlation`), declared here so the domain never depends on the config schema. */
export interface HealthCorrelationSettings {
  /** `false` turns correlation off: Health events then never join a DNS incident. */
  enabled?: boolean;
  endpoints?: readonly HealthEndpointOverride[];
}

export interface HealthEndpointOverride {
  /** The Health service code (`DYNAMODB`), case-insensitive. */
  service: string;
  /** A region code or `global`; absent: every region. */
  region?: string;
  /** More names that belong to the service there (a VPC endpoint, a CNAME of your own). */
  names?: readonly string[];
  /** Only `names`, none of the defaults; with no names this turns the service (there) off. */
  replaceDefaults?: boolean;
}

interface EndpointSpec {
  /** Endpoint prefixes, when not the service code lower-cased. */
  prefixes?: readonly string[];
  /** Names of the global endpoint; a service with no `prefixes` has no regional ones. */
  global?: readonly string[];
  /** Names that exist in one region only (S3's legacy global endpoint lives in us-east-1). */
  inRegion?: Readonly<Record<string, readonly string[]>>;
  /** Names spelled with a dash before the region (S3's legacy `s3-<region>` form). */
  dashed?: boolean;
}

/** The region that global services are homed in: their events may name it instead of `global`. */
const GLOBAL_HOME = 'us-east-1';

const SPECS: Readonly<Record<string, EndpointSpec>> = {
  IAM: { global: ['iam.amazonaws.com'] },
  ROUTE53: { global: ['route53.amazonaws.com'] },
  CLOUDFRONT: { global: ['cloudfront.amazonaws.com'] },
  STS: { prefixes: ['sts'], global: ['sts.amazonaws.com'], inRegion: { 'us-east-1': ['sts.amazonaws.com'] } },
  S3: {
    prefixes: ['s3'],
    global: ['s3.amazonaws.com'],
    inRegion: { 'us-east-1': ['s3.amazonaws.com', 's3-external-1.amazonaws.com'] },
    dashed: true,
  },
  DYNAMODB: { prefixes: ['dynamodb', 'streams.dynamodb'] },
  CLOUDWATCH: { prefixes: ['monitoring'] },
  SES: { prefixes: ['email', 'email-smtp'] },
  ECR: { prefixes: ['api.ecr'] },
  EVENTS: { prefixes: ['events'] },
};

/** Region codes as AWS spells them (`us-east-1`, `us-gov-west-1`, `cn-north-1`). */
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

function suffixOf(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

function defaultNames(service: string, region: string): string[] {
  const spec = SPECS[service] ?? {};
  if (region === 'global') return [...(spec.global ?? [`${service.toLowerCase()}.amazonaws.com`])];
  const regional = (spec.prefixes ?? (spec.global ? [] : [service.toLowerCase()])).map(
    (prefix) => `${prefix}.${region}.${suffixOf(region)}`,
  );
  const homed = !spec.prefixes && region === GLOBAL_HOME ? (spec.global ?? []) : [];
  const dashed = spec.dashed ? spec.prefixes?.map((p) => `${p}-${region}.${suffixOf(region)}`) : [];
  return [...regional, ...homed, ...(spec.inRegion?.[region] ?? []), ...(dashed ?? [])];
}

/**
 * Every DNS name (normalised) that belongs to `service` in `region`, overrides applied.
 * @example endpointNames('DYNAMODB', 'us-east-1')
 * // ['dynamodb.us-east-1.amazonaws.com', 'streams.dynamodb.us-east-1.amazonaws.com']
 */
export function endpointNames(
  service: string,
  region: string,
  settings?: HealthCorrelationSettings,
): string[] {
  if (settings?.enabled === false) return [];
  const code = service.toUpperCase();
  const where = region.toLowerCase();
  const overrides = (settings?.endpoints ?? []).filter(
    (o) => o.service.toUpperCase() === code && (o.region === undefined || o.region.toLowerCase() === where),
  );
  const names = overrides.some((o) => o.replaceDefaults) ? [] : defaultNames(code, where);
  for (const o of overrides) names.push(...(o.names ?? []));
  return [...new Set(names.map(normalizeDnsName))];
}

/**
 * The ids of the watched targets an event concerns: those whose name is one of the service's endpoint
 * names in the event's region (case and a trailing dot aside).
 */
export function correlatedTargets(
  event: Pick<HealthEvent, 'service' | 'region'>,
  targets: readonly { id: string; name: string }[],
  settings?: HealthCorrelationSettings,
): string[] {
  const names = new Set(endpointNames(event.service, event.region, settings));
  return targets.filter((t) => names.has(normalizeDnsName(t.name))).map((t) => t.id);
}

/**
 * The reverse, for the demo and for config checks: the Health service and region a DNS name is an
 * endpoint of, or undefined when it is not an AWS endpoint name Lookout knows.
 * @example healthServiceOf('dynamodb.us-east-1.amazonaws.com.') // { service: 'DYNAMODB', region: 'us-east-1' }
 */
export function healthServiceOf(
  name: string,
  settings?: HealthCorrelationSettings,
): { service: string; region: string } | undefined {
  const wanted = normalizeDnsName(name);
  for (const o of settings?.endpoints ?? []) {
    if (o.region && o.names?.some((n) => normalizeDnsName(n) === wanted)) {
      return { service: o.service.toUpperCase(), region: o.region.toLowerCase() };
    }
  }
  for (const [service, spec] of Object.entries(SPECS)) {
    if (spec.global?.includes(wanted) && !spec.inRegion?.[GLOBAL_HOME]?.includes(wanted)) {
      return { service, region: 'global' };
    }
    for (const [region, names] of Object.entries(spec.inRegion ?? {})) {
      if (names.includes(wanted)) return { service, region };
    }
  }
  const match = /^(.+)[.-]([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/.exec(wanted);
  if (!match?.[1] || !match[2] || !REGION.test(match[2])) return undefined;
  const [, prefix, region] = match;
  const dashed = wanted.startsWith(`${prefix}-${region}.`);
  const known = Object.entries(SPECS).find(
    ([, spec]) => spec.prefixes?.includes(prefix) && (!dashed || spec.dashed),
  );
  if (known) return { service: known[0], region };
  return dashed ? undefined : { service: prefix.toUpperCase(), region };
}
