import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue.js';
import { type LambdaDefaults, LookoutFunction } from './lambda-defaults.js';
import { type LookoutResources, wireFunction } from './wiring.js';

/** Each invocation probes for about a minute; the rest is headroom for a slow last round and the writes. */
export const PROBE_TIMEOUT = Duration.seconds(75);

export interface ProbingProps {
  readonly defaults: LambdaDefaults;
  readonly resources: LookoutResources;
  /**
   * Unset by default. Reserving 1 would forbid two invocations from overlapping, but a throttled minute
   * would then be dropped, and accounts with the default concurrency quota of 10 cannot reserve any.
   * Overlap is harmless because every write is conditional and idempotent.
   */
  readonly reservedConcurrency?: number;
}

/** The probe Lambda, run every minute; it probes every `lambdaIntervalSeconds` within each run. */
export class Probing extends Construct {
  readonly function: lambda.Function;
  readonly deadLetterQueue: sqs.Queue;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ProbingProps) {
    super(scope, id);
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
      // A retried minute would run alongside the next scheduled one and probe the same targets twice;
      // the next schedule tick is the retry.
      retryAttempts: 0,
      maxEventAge: Duration.minutes(1),
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
      reservedConcurrentExecutions: props.reservedConcurrency,
    });
    this.function = probe.function;
    wireFunction(this.function, props.resources);

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
