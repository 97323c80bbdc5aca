// The storm benchmark's load (issue #11, item 6): AWS Health event versions shaped like AWS's
// EventBridge deliveries (test/events/health/public-ec2-issue.json), and DNS answer changes per target.

/** 25 services × 4 regions = the 100 services the Health events are spread over. */
const SERVICES = [
  'EC2',
  'S3',
  'LAMBDA',
  'DYNAMODB',
  'RDS',
  'SQS',
  'SNS',
  'ELASTICLOADBALANCING',
  'CLOUDFRONT',
  'ROUTE53',
  'APIGATEWAY',
  'ECS',
  'EKS',
  'KINESIS',
  'CLOUDWATCH',
  'IAM',
  'STS',
  'KMS',
  'SECRETSMANAGER',
  'STEPFUNCTIONS',
  'EVENTS',
  'ELASTICACHE',
  'REDSHIFT',
  'ATHENA',
  'GLUE',
] as const;
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'] as const;

const DESCRIPTIONS = [
  (s: string, r: string) =>
    `We are investigating increased API error rates and latencies for ${s} in the ${r} Region.`,
  (s: string, r: string) =>
    `We have identified the cause of the increased error rates for ${s} in the ${r} Region and are working on mitigation.`,
  (s: string, r: string) =>
    `We are seeing early signs of recovery for ${s} in the ${r} Region. Some requests may still fail.`,
  (s: string, r: string) =>
    `Error rates for ${s} in the ${r} Region continue to improve as we apply the mitigation to the remaining hosts.`,
  (s: string, r: string) =>
    `Between 10:00 and 10:45 UTC we experienced increased error rates for ${s} in the ${r} Region. The issue has been resolved and the service is operating normally.`,
];

/** One delivery: when (ms after the storm starts) and the EventBridge event. */
export interface HealthVersion {
  atMs: number;
  service: string;
  region: string;
  /** 1-based version of this event; the last of a closing event is `closed`. */
  version: number;
  status: 'open' | 'closed';
  event: Record<string, unknown>;
}

export interface StormLoad {
  health: HealthVersion[];
  dns: DnsChange[];
}

/** One change of the answers a target's name serves; `values` empty = its A records deleted. */
export interface DnsChange {
  atMs: number;
  name: string;
  values: string[];
}

export const STORM_ZONE = 'storm.test';

export function stormNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `t${String(i).padStart(2, '0')}.${STORM_ZONE}`);
}

/** What each name serves before the storm. */
export function initialAnswer(index: number): string[] {
  return [`10.20.${index}.1`];
}

/**
 * `versions` Health versions over `services` services (each event its own ARN, `versionsPerEvent`
 * versions with a new lastUpdatedTime, status and description each time; every other event closes with
 * its last version), and `changes` DNS changes over `names` names (per name: new set, deleted, back with
 * another set, another set — CHANGED, EMPTY, RECOVERED, CHANGED), each list spread evenly over `spanMs`.
 */
export function stormLoad(options: {
  services: number;
  versions: number;
  names: number;
  changes: number;
  spanMs: number;
  start: Date;
}): StormLoad {
  const perEvent = Math.floor(options.versions / options.services);
  const health: HealthVersion[] = [];
  // Version v of every event before version v + 1 of any: each event's story unfolds over the whole span.
  for (let v = 1; v <= perEvent; v++)
    for (let s = 0; s < options.services; s++) {
      const index = (v - 1) * options.services + s;
      health.push(healthVersion(s, v, perEvent, (index / options.versions) * options.spanMs, options.start));
    }
  const perName = Math.floor(options.changes / options.names);
  const dns: DnsChange[] = [];
  for (let k = 0; k < perName; k++)
    for (let i = 0; i < options.names; i++) {
      const index = k * options.names + i;
      const values = k % 4 === 1 ? [] : [`10.20.${i}.${k + 2}`];
      dns.push({
        atMs: (index / options.changes) * options.spanMs,
        name: stormNames(options.names)[i] as string,
        values,
      });
    }
  return { health, dns };
}

function healthVersion(
  s: number,
  version: number,
  versions: number,
  atMs: number,
  start: Date,
): HealthVersion {
  const service = SERVICES[s % SERVICES.length] as string;
  const region = REGIONS[Math.floor(s / SERVICES.length) % REGIONS.length] as string;
  const closes = s % 2 === 0 && version === versions;
  const status = closes ? 'closed' : 'open';
  const started = new Date(start.getTime() - 60_000);
  // AWS's own times: each version a minute after the one before, so versions order by lastUpdatedTime.
  const updated = new Date(started.getTime() + version * 60_000 + s * 1000);
  const typeCode = `AWS_${service}_OPERATIONAL_ISSUE`;
  const describe =
    DESCRIPTIONS[closes ? DESCRIPTIONS.length - 1 : Math.min(version - 1, DESCRIPTIONS.length - 2)];
  return {
    atMs,
    service,
    region,
    version,
    status,
    event: {
      version: '0',
      id: `storm-${s}-${version}`,
      'detail-type': 'AWS Health Event',
      source: 'aws.health',
      account: '123456789012',
      time: updated.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region,
      resources: [],
      detail: {
        eventArn: `arn:aws:health:${region}::event/${service}/${typeCode}/${typeCode}_STORM${s}`,
        service,
        eventTypeCode: typeCode,
        eventTypeCategory: 'issue',
        eventScopeCode: 'PUBLIC',
        communicationId: `storm${s}-${version}`,
        startTime: started.toUTCString(),
        ...(closes ? { endTime: updated.toUTCString() } : {}),
        lastUpdatedTime: updated.toUTCString(),
        statusCode: status,
        eventRegion: region,
        eventDescription: [{ latestDescription: describe?.(service, region), language: 'en_US' }],
        page: '1',
        totalPages: '1',
        affectedAccount: '123456789012',
      },
    },
  };
}
