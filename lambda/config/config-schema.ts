import { RECORD_TYPES } from '../domain/observation.js';
import { raceDefaults } from '../domain/route53/race-signature.js';
import type { DetectionConfig as DomainDetectionConfig, RaceSettings } from '../domain/settings.js';
import { isDnsName } from '../domain/targets.js';
import * as z from '../shared/zod.js';
import { parseServerAddress } from '../sources/dns/server-address.js';
import { healthSchema } from './health-schema.js';
import { slackSchema } from './slack-schema.js';
import { strictObject } from './strict-object.js';
import { triggersSchema } from './triggers-schema.js';

/** pollIntervalMinutes is whole minutes: snapshots run at most once a minute. */
const wholeMinutes = (issue: { input?: unknown }) =>
  `expected whole minutes from 1 to 60, got ${JSON.stringify(issue.input)}`;

/**
 * `host:port`, `[v6]:port` or a bare host (port 53). Checked by the same parser the DNS client uses,
 * so an address the config accepts is always one the probe can ask.
 */
export const serverAddress = z.string().check(
  z.superRefine((value, ctx) => {
    try {
      parseServerAddress(value);
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is not a DNS server address: expected host:port, e.g. 127.0.0.1:5300 or [::1]:53`,
      });
    }
  }),
);

/** A whole number from min to max (inclusive), `fallback` when absent. */
const intIn = (min: number, max: number, fallback: number) =>
  z._default(z.int().check(z.gte(min), z.lte(max)), fallback);

const targetSchema = strictObject({
  name: z.string().check(z.refine(isDnsName, 'expected a DNS name such as dynamodb.us-east-1.amazonaws.com')),
  type: z._default(z.enum(RECORD_TYPES), 'A'),
  mode: z._default(z.enum(['exact', 'pool']), 'pool'),
  resolvers: z.optional(z.array(serverAddress).check(z.minLength(1))),
  baselineCount: z.optional(z.int().check(z.positive())),
  channel: z.optional(z.string().check(z.minLength(1))),
});

export const detectionDefaults = {
  emptyAfterProbes: 2,
  unreachableAfterProbes: 2,
  degradedFraction: 0.5,
  flapTransitions: 3,
  flapWindowSeconds: 600,
  recoverAfterProbes: 3,
  autoResolve: true,
  baselineSamples: 20,
} as const;

export const detectionSchema = strictObject({
  /** EMPTY needs this many consecutive empty probes. */
  emptyAfterProbes: intIn(1, 100, detectionDefaults.emptyAfterProbes),
  /** UNREACHABLE needs this many consecutive probes with no usable answer. */
  unreachableAfterProbes: intIn(1, 100, detectionDefaults.unreachableAfterProbes),
  /** DEGRADED when the answer count falls below this fraction of the baseline. */
  degradedFraction: z._default(z.number().check(z.gt(0), z.lt(1)), detectionDefaults.degradedFraction),
  /**
   * FLAPPING at this many transitions within flapWindowSeconds. At least 3: an outage and its repair are
   * two transitions, and that is EMPTY then RECOVERED, not FLAPPING.
   */
  flapTransitions: z._default(
    z
      .int()
      .check(z.gte(3, 'must be at least 3: an outage and its repair are already 2 transitions'), z.lte(100)),
    detectionDefaults.flapTransitions,
  ),
  flapWindowSeconds: intIn(10, 86_400, detectionDefaults.flapWindowSeconds),
  /** RECOVERED after this many consecutive healthy probes. */
  recoverAfterProbes: intIn(1, 100, detectionDefaults.recoverAfterProbes),
  /** Resolve the incident on RECOVERED without waiting for a person. */
  autoResolve: z._default(z.boolean(), detectionDefaults.autoResolve),
  /** How many healthy answer counts the learned baseline looks back over. */
  baselineSamples: intIn(3, 500, detectionDefaults.baselineSamples),
});

const zoneSchema = strictObject({
  /** Hosted zone id, with or without the `/hostedzone/` prefix. */
  id: z.pipe(
    z
      .string()
      .check(
        z.regex(
          /^(\/hostedzone\/)?Z[A-Z0-9]{1,32}$/,
          'expected a hosted zone id such as Z0123456789ABCDEFGHIJ',
        ),
      ),
    z.transform((id: string) => id.replace(/^\/hostedzone\//, '')),
  ),
  /** Only these record names are watched for EMPTY (all changes are still recorded); empty = all. */
  names: z._default(z.array(z.string().check(z.refine(isDnsName, 'expected a DNS name'))), []),
  /** Confirm an EMPTY seen in the API with Route 53's own name servers (TestDNSAnswer; public zones). */
  confirmWithTestDnsAnswer: z._default(z.boolean(), true),
});

/** The `route53:` settings a config leaves out (also what Lookout uses with no `route53` section). */
export const ROUTE53_DEFAULTS = {
  pollIntervalMinutes: 5,
  requestsPerSecond: 2,
  burst: 5,
  raceWindowSeconds: raceDefaults.windowSeconds,
  lastKnownGoodStableSeconds: 300,
  ownPrincipals: [] as string[],
  restoreFromSlack: false,
} as const;

/** What Route 53 holds and who changed it: zone snapshots, CloudTrail change events, restores. */
export const route53Schema = strictObject({
  zones: z.array(zoneSchema).check(z.minLength(1, 'list at least one hosted zone')),
  /**
   * Whole minutes (1–60) between zone snapshots; CloudTrail events are the fast path in between. Not
   * seconds, and no fractions: the zone poller runs on an EventBridge `rate(n minutes)` schedule.
   */
  pollIntervalMinutes: z._default(
    z
      .int({ error: wholeMinutes })
      .check(z.gte(1, { error: wholeMinutes }), z.lte(60, { error: wholeMinutes })),
    ROUTE53_DEFAULTS.pollIntervalMinutes,
  ),
  /**
   * Lookout's share of the account's Route 53 API budget (10 requests/s, burst 50, shared with your own
   * automation): the default leaves most of it to you.
   */
  requestsPerSecond: z._default(z.number().check(z.gt(0), z.lte(10)), ROUTE53_DEFAULTS.requestsPerSecond),
  burst: intIn(1, 50, ROUTE53_DEFAULTS.burst),
  /** Writes by ≥ 2 writers within this window are CONCURRENT_WRITERS; also the STALE_OVERWRITE window. */
  raceWindowSeconds: intIn(10, 86_400, ROUTE53_DEFAULTS.raceWindowSeconds),
  /** A version is last-known-good once it stayed current this long. */
  lastKnownGoodStableSeconds: intIn(0, 86_400, ROUTE53_DEFAULTS.lastKnownGoodStableSeconds),
  /** Lookout's own restore principals (role ARNs): their changes never count as racing writers. */
  ownPrincipals: z._default(z.array(z.string().check(z.startsWith('arn:'))), []),
  /**
   * `/lookout restore` and the Restore buttons (a confirmation modal, then the compare-and-swap restore).
   * Off by default: without it the stack grants nothing that can change Route 53; with it a separate
   * worker function may change records in the zones above, and nothing else.
   */
  restoreFromSlack: z._default(z.boolean(), ROUTE53_DEFAULTS.restoreFromSlack),
});

export const configSchema = strictObject({
  probe: z.prefault(
    strictObject({
      /** Seconds between probe rounds locally (the Lambda uses lambdaIntervalSeconds). */
      intervalSeconds: z._default(z.number().check(z.gte(0.2), z.lte(3600)), 5),
      lambdaIntervalSeconds: intIn(1, 60, 10),
      timeoutMs: intIn(50, 30_000, 2000),
      /** Resolvers every target uses unless it names its own; empty = the system's. */
      resolvers: z._default(z.array(serverAddress), []),
    }),
    {},
  ),
  detection: z.prefault(detectionSchema, {}),
  slack: z.prefault(slackSchema, {}),
  targets: z
    .array(targetSchema, {
      error: (issue) =>
        issue.input === undefined ? 'missing: add a `targets:` list (the DNS names to watch)' : undefined,
    })
    .check(z.minLength(1, 'watch at least one target')),
  route53: z.optional(route53Schema),
  health: z.prefault(healthSchema, {}),
  triggers: z.prefault(triggersSchema, {}),
});

export type LookoutConfig = z.infer<typeof configSchema>;
export type DetectionConfig = z.infer<typeof detectionSchema>;
export type TargetConfig = z.infer<typeof targetSchema>;
export type Route53Config = z.infer<typeof route53Schema>;

// What the config file parses into must be what the domain decides with (a compile-time check).
detectionSchema satisfies z.ZodMiniType<DomainDetectionConfig>;
route53Schema satisfies z.ZodMiniType<RaceSettings>;
