import { Duration, SecretValue, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
// The rule matches exactly what the handler recognises as an EventBridge trigger: one constant, no drift.
import { TRIGGER_EVENTBRIDGE_SOURCE } from '../../lambda/sources/triggers/eventbridge.js';
import { deadLetterQueue } from './dead-letter-queue.js';
import { type LambdaDefaults, LookoutFunction } from './lambda-defaults.js';
import { reservedConcurrency } from './reserved-concurrency.js';
import { type LookoutResources, wireFunction } from './wiring.js';

/**
 * The handler stops delivering to Slack 15 s before its deadline (and PagerDuty wants an answer within
 * 5 s), so the timeout must stay well above 15 s: 30 s.
 */
export const TRIGGERS_TIMEOUT = Duration.seconds(30);

export const TRIGGER_EVENT_PATTERN: events.EventPattern = { source: [TRIGGER_EVENTBRIDGE_SOURCE] };

/**
 * Like the Slack request function, this one is behind an auth-NONE Function URL: the cap keeps a flood of
 * unsigned requests from taking the account's concurrency and throttling the probe. 5: deliveries are
 * few even in an outage (Alertmanager groups alerts into one notification, PagerDuty sends one per
 * incident change) and each is answered in well under a second; one over the cap gets 429, and a
 * throttled `lookout.trigger` event is retried by Lambda within its hour. The recommended cap, applied
 * only when asked for (see reservedConcurrency for why not by default).
 */
export const TRIGGERS_RESERVED_CONCURRENCY = 5;

export interface TriggersProps {
  readonly defaults: LambdaDefaults;
  readonly resources: LookoutResources;
  /** Reserved concurrency of the triggers function; default none (see reservedConcurrency). */
  readonly reservedConcurrency?: number | false;
}

/**
 * On-call runbook triggers: a Function URL (POST /trigger, /pagerduty, /alertmanager) and EventBridge
 * `lookout.trigger` events on this region's default bus, through one function with its own secret.
 */
export class Triggers extends Construct {
  readonly function: lambda.Function;
  /** Paste into PagerDuty / Alertmanager / your tooling, with the route appended. */
  readonly url: lambda.FunctionUrl;
  readonly secret: secretsmanager.Secret;
  readonly deadLetterQueue: sqs.Queue;
  readonly rule: events.Rule;
  /** The function's reserved concurrency, when capped (its throttles are alarmed on). */
  readonly reservedConcurrency: number | undefined;

  constructor(scope: Construct, id: string, props: TriggersProps) {
    super(scope, id);
    // Its own secret, not a key of the Slack one: these values are shared with the on-call tools and
    // rotate on their schedule, and the Slack function never needs them.
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description:
        'Lookout trigger secrets as {"triggerSecret":"...","pagerdutySecrets":"a,b","alertmanagerToken":"..."}; an empty value refuses that sender (401).',
      // As for the Slack secret: CloudFormation writes this placeholder only when the template value
      // changes, so values put with put-secret-value survive later deploys. Keep it as it is.
      secretObjectValue: {
        triggerSecret: SecretValue.unsafePlainText(''),
        pagerdutySecrets: SecretValue.unsafePlainText(''),
        alertmanagerToken: SecretValue.unsafePlainText(''),
      },
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Shared secrets of third-party senders (PagerDuty webhook secrets, the Alertmanager bearer token, the generic trigger key): they are set in those tools, which Secrets Manager rotation cannot reach; rotate there and put the new value here (PagerDuty accepts two during a rotation).',
    });

    this.deadLetterQueue = deadLetterQueue(
      this,
      'DeadLetterQueue',
      "This queue is itself the dead-letter target: the triggers function's async on-failure destination and its lookout.trigger rule's DLQ. The rule only recognises RedrivePolicy and Lambda DeadLetterConfig.",
    );

    this.reservedConcurrency = reservedConcurrency('triggersReservedConcurrency', props.reservedConcurrency);
    const fn = new LookoutFunction(this, 'Handler', {
      defaults: props.defaults,
      entry: 'lambda/handlers/triggers.ts',
      description: 'Lookout triggers: PagerDuty, Alertmanager and signed webhooks open and update incidents',
      timeout: TRIGGERS_TIMEOUT,
      memorySize: 256,
      // For EventBridge deliveries (asynchronous): every write is idempotent on the event id, so a retry
      // applies a trigger at most once; one that keeps failing ends in the queue with its error.
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
      reservedConcurrentExecutions: this.reservedConcurrency,
    });
    this.function = fn.function;
    // The table, and the Slack secret for posting the routed runbook.
    wireFunction(this.function, props.resources);
    this.secret.grantRead(this.function);
    this.function.addEnvironment('TRIGGER_SECRET_ARN', this.secret.secretArn);

    // Auth NONE: PagerDuty and Alertmanager cannot sign AWS requests. The HMAC signatures (generic,
    // PagerDuty) and the bearer token (Alertmanager) are the authentication, checked by the handler.
    this.url = this.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });

    this.rule = new events.Rule(this, 'Rule', {
      description: 'On-call runbook triggers put on the default bus (source lookout.trigger)',
      eventPattern: TRIGGER_EVENT_PATTERN,
    });
    this.rule.addTarget(
      new targets.LambdaFunction(this.function, {
        retryAttempts: 4,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: this.deadLetterQueue,
      }),
    );
  }
}
