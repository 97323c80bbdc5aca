import * as z from 'zod';
import { RECORD_TYPES } from '../domain/observation.js';
import type { DetectionConfig as DomainDetectionConfig, RaceSettings } from '../domain/settings.js';
import { isDnsName } from '../domain/targets.js';
import { parseServerAddress } from '../sources/dns/server-address.js';
import { unknownKeysMessage } from './unknown-keys.js';

/**
 * `z.strictObject` whose unknown keys are named with the nearest known key ("unknown key `detecton` —
 * did you mean `detection`?"), so a typo is not a silently ignored setting nor a bare "Unrecognized key".
 */
function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, Object.keys(shape)) : undefined,
  });
}

/** pollIntervalMinutes is whole minutes: snapshots run at most once a minute. */
const wholeMinutes = (issue: { input?: unknown }) =>
  `expected whole minutes from 1 to 60, got ${JSON.stringify(issue.input)}`;

/**
 * `host:port`, `[v6]:port` or a bare host (port 53). Checked by the same parser the DNS client uses,
 * so an address the config accepts is always one the probe can ask.
 */
export const serverAddress = z.string().superRefine((value, ctx) => {
  try {
    parseServerAddress(value);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not a DNS server address: expected host:port, e.g. 127.0.0.1:5300 or [::1]:53`,
    });
  }
});

const targetSchema = strictObject({
  name: z.string().refine(isDnsName, 'expected a DNS name such as dynamodb.us-east-1.amazonaws.com'),
  type: z.enum(RECORD_TYPES).default('A'),
  mode: z.enum(['exact', 'pool']).default('pool'),
  resolvers: z.array(serverAddress).min(1).optional(),
  baselineCount: z.int().positive().optional(),
  channel: z.string().min(1).optional(),
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
  emptyAfterProbes: z.int().min(1).max(100).default(detectionDefaults.emptyAfterProbes),
  /** UNREACHABLE needs this many consecutive probes with no usable answer. */
  unreachableAfterProbes: z.int().min(1).max(100).default(detectionDefaults.unreachableAfterProbes),
  /** DEGRADED when the answer count falls below this fraction of the baseline. */
  degradedFraction: z.number().gt(0).lt(1).default(detectionDefaults.degradedFraction),
  /**
   * FLAPPING at this many transitions within flapWindowSeconds. At least 3: an outage and its repair are
   * two transitions, and that is EMPTY then RECOVERED, not FLAPPING.
   */
  flapTransitions: z
    .int()
    .min(3, 'must be at least 3: an outage and its repair are already 2 transitions')
    .max(100)
    .default(detectionDefaults.flapTransitions),
  flapWindowSeconds: z.int().min(10).max(86_400).default(detectionDefaults.flapWindowSeconds),
  /** RECOVERED after this many consecutive healthy probes. */
  recoverAfterProbes: z.int().min(1).max(100).default(detectionDefaults.recoverAfterProbes),
  /** Resolve the incident on RECOVERED without waiting for a person. */
  autoResolve: z.boolean().default(detectionDefaults.autoResolve),
  /** How many healthy answer counts the learned baseline looks back over. */
  baselineSamples: z.int().min(3).max(500).default(detectionDefaults.baselineSamples),
});

const zoneSchema = strictObject({
  /** Hosted zone id, with or without the `/hostedzone/` prefix. */
  id: z
    .string()
    .regex(/^(\/hostedzone\/)?Z[A-Z0-9]{1,32}$/, 'expected a hosted zone id such as Z0123456789ABCDEFGHIJ')
    .transform((id) => id.replace(/^\/hostedzone\//, '')),
  /** Only these record names are watched for EMPTY (all changes are still recorded); empty = all. */
  names: z.array(z.string().refine(isDnsName, 'expected a DNS name')).default([]),
  /** Confirm an EMPTY seen in the API with Route 53's own name servers (TestDNSAnswer; public zones). */
  confirmWithTestDnsAnswer: z.boolean().default(true),
});

/** What Route 53 holds and who changed it: zone snapshots, CloudTrail change events, restores. */
export const route53Schema = strictObject({
  zones: z.array(zoneSchema).min(1, 'list at least one hosted zone'),
  /**
   * Whole minutes (1–60) between zone snapshots; CloudTrail events are the fast path in between. Not
   * seconds, and no fractions: the zone poller runs on an EventBridge `rate(n minutes)` schedule.
   */
  pollIntervalMinutes: z
    .int({ error: wholeMinutes })
    .min(1, { error: wholeMinutes })
    .max(60, { error: wholeMinutes })
    .default(5),
  /**
   * Lookout's share of the account's Route 53 API budget (10 requests/s, burst 50, shared with your own
   * automation): the default leaves most of it to you.
   */
  requestsPerSecond: z.number().gt(0).max(10).default(2),
  burst: z.int().min(1).max(50).default(5),
  /** Writes by ≥ 2 writers within this window are CONCURRENT_WRITERS; also the STALE_OVERWRITE window. */
  raceWindowSeconds: z.int().min(10).max(86_400).default(600),
  /** A version is last-known-good once it stayed current this long. */
  lastKnownGoodStableSeconds: z.int().min(0).max(86_400).default(300),
  /** Lookout's own restore principals (role ARNs): their changes never count as racing writers. */
  ownPrincipals: z.array(z.string().startsWith('arn:')).default([]),
});

export const configSchema = strictObject({
  probe: strictObject({
    /** Seconds between probe rounds locally (the Lambda uses lambdaIntervalSeconds). */
    intervalSeconds: z.number().min(0.2).max(3600).default(5),
    lambdaIntervalSeconds: z.int().min(1).max(60).default(10),
    timeoutMs: z.int().min(50).max(30_000).default(2000),
    /** Resolvers every target uses unless it names its own; empty = the system's. */
    resolvers: z.array(serverAddress).default([]),
  }).prefault({}),
  detection: detectionSchema.prefault({}),
  slack: strictObject({
    /** Default alert channel (name or ID). Tokens never go here: see SLACK_BOT_TOKEN. */
    channel: z.string().min(1).optional(),
    /**
     * A message Slack keeps refusing with a retryable error (5xx, timeouts, rate limits) is marked
     * failed after this many minutes of trying, with the reason; `lookout outbox retry` queues it again.
     * Token trouble never counts: delivery pauses instead.
     */
    giveUpAfterMinutes: z
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(24 * 60),
  }).prefault({}),
  targets: z
    .array(targetSchema, {
      error: (issue) =>
        issue.input === undefined ? 'missing: add a `targets:` list (the DNS names to watch)' : undefined,
    })
    .min(1, 'watch at least one target'),
  route53: route53Schema.optional(),
});

export type LookoutConfig = z.infer<typeof configSchema>;
export type DetectionConfig = z.infer<typeof detectionSchema>;
export type TargetConfig = z.infer<typeof targetSchema>;
export type Route53Config = z.infer<typeof route53Schema>;

// What the config file parses into must be what the domain decides with (a compile-time check).
detectionSchema satisfies z.ZodType<DomainDetectionConfig>;
route53Schema satisfies z.ZodType<RaceSettings>;
