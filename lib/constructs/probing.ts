import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { LookoutConfig } from '../../lambda/config/config-schema.js';
import { ConfigError } from '../../lambda/config/errors.js';
import { deadLetterQueue } from './dead-letter-queue.js';
import { type LambdaDefaults, LookoutFunction } from './lambda-defaults.js';
import type { SlackSecret } from './slack.js';
import type { Store } from './store.js';

/** Lambda caps all environment variables together at 4 KB; this leaves room for the others. */
export const MAX_CONFIG_ENV_BYTES = 3_500;

/** Each invocation probes for about a minute; the rest is headroom for a slow last round and the writes. */
export const PROBE_TIMEOUT = Duration.seconds(75);

export interface ProbingProps {
  readonly defaults: LambdaDefaults;
  readonly config: LookoutConfig;
  /** Where the config came from, for error messages. */
  readonly configSource: string;
  readonly store: Store;
  readonly slack: SlackSecret;
  /**
   * Unset by default. Reserving 1 would forbid two invocations from overlapping, but a throttled minute
   * would then be dropped, and accounts with the default concurrency quota of 10 cannot reserve any.
   * Overlap is harmless because every write is conditional and idempotent.
   */
  readonly reservedConcurrency?: number;
}

/**
 * Serialises what the Lambda handlers read from `LOOKOUT_CONFIG`, refusing what Lambda would reject. The
 * probe and the Route 53 functions get the same JSON; `route53` is in it only when configured, so a
 * config without it yields exactly the probe's original JSON.
 */
export function probeConfigEnv(config: LookoutConfig, source: string): string {
  const { probe, detection, slack, targets, route53 } = config;
  const json = JSON.stringify({ probe, detection, slack, targets, route53 });
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > MAX_CONFIG_ENV_BYTES) {
    const zones = route53 ? ` or fewer Route 53 zones and names (${route53.zones.length} zones now)` : '';
    throw new ConfigError(
      `${source}: the probe configuration is ${bytes} bytes as JSON, over the ${MAX_CONFIG_ENV_BYTES}-byte limit ` +
        `for the LOOKOUT_CONFIG environment variable (Lambda allows 4 KB for all variables). ` +
        `Watch fewer targets (${targets.length} now)${zones} or drop per-target resolvers and channels that repeat the defaults.`,
    );
  }
  return json;
}

/** The probe Lambda, run every minute; it probes every `lambdaIntervalSeconds` within each run. */
export class Probing extends Construct {
  readonly function: lambda.Function;
  readonly deadLetterQueue: sqs.Queue;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ProbingProps) {
    super(scope, id);
    const configJson = probeConfigEnv(props.config, props.configSource);

    this.deadLetterQueue = deadLetterQueue(
      this,
      'DeadLetterQueue',
      "This queue is itself the dead-letter target: the probe's async on-failure destination and the schedule rule's DLQ. The rule only recognises RedrivePolicy and Lambda DeadLetterConfig.",
    );

    // An on-failure destination rather than the function's deadLetterQueue: its record carries the
    // error, the condition (RetriesExhausted / EventAgeExceeded) and the request, whereas a DLQ keeps only
    // the scheduled event, which says nothing about why a probe minute was lost.
    const probe = new LookoutFunction(this, 'Probe', {
      defaults: props.defaults,
      entry: 'lambda/handlers/probe.ts',
      description: 'Lookout DNS probe: probes every target several times a minute',
      timeout: PROBE_TIMEOUT,
      memorySize: 256,
      environment: { LOOKOUT_CONFIG: configJson },
      // A retried minute would run alongside the next scheduled one and probe the same targets twice;
      // the next schedule tick is the retry.
      retryAttempts: 0,
      maxEventAge: Duration.minutes(1),
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
      reservedConcurrentExecutions: props.reservedConcurrency,
    });
    this.function = probe.function;
    props.store.grantReadWrite(this.function);
    props.slack.grantRead(this.function);

    // An EventBridge rule rather than Scheduler: the rule invokes through a resource policy, so there is
    // no scheduler role to keep least-privilege, and rate(1 minute) is all the timing needed.
    this.rule = new events.Rule(this, 'Schedule', {
      description: 'Starts a one-minute probe run',
      schedule: events.Schedule.rate(Duration.minutes(1)),
    });
    this.rule.addTarget(
      new targets.LambdaFunction(this.function, {
        // Delivery retries, not function retries: a minute-old tick is stale, so give up after a minute.
        retryAttempts: 2,
        maxEventAge: Duration.minutes(1),
        deadLetterQueue: this.deadLetterQueue,
      }),
    );
  }
}
