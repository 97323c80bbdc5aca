import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { HealthConfig } from '../../lambda/config/health-schema.js';
// The rule matches exactly what the handler's parser accepts: one set of constants, no drift.
import {
  HEALTH_ABUSE_DETAIL_TYPE,
  HEALTH_DETAIL_TYPE,
  HEALTH_EVENTBRIDGE_SOURCE,
} from '../../lambda/sources/health/eventbridge-schema.js';
import { deadLetterQueue } from './dead-letter-queue.js';
import { type LambdaDefaults, LookoutFunction } from './lambda-defaults.js';
import { type LookoutResources, wireFunction } from './wiring.js';

export const HEALTH_EVENTS_TIMEOUT = Duration.seconds(60);
/** A poll pages through DescribeEvents at 100 a page, then details ≤ 10 ARNs a call, with backoff. */
export const HEALTH_POLLER_TIMEOUT = Duration.minutes(5);

/**
 * AWS Health events as EventBridge delivers them, to Lookout's own region and, through the
 * `LookoutHealthEvents-<region>` stacks' rules (the same pattern), from every other region it needs.
 */
export const HEALTH_EVENT_PATTERN: events.EventPattern = {
  source: [HEALTH_EVENTBRIDGE_SOURCE],
  detailType: [HEALTH_DETAIL_TYPE, HEALTH_ABUSE_DETAIL_TYPE],
};

/** The line the handler logs, with the event id and the field, before an invalid event goes to the DLQ. */
export const INVALID_HEALTH_EVENT_LOG_MESSAGE = 'invalid AWS Health event';
export const METRIC_NAMESPACE = 'Lookout';
export const INVALID_HEALTH_EVENTS_METRIC = 'InvalidHealthEvents';

/** Read-only Health API actions the poller calls (AWS Health API Reference); nothing else. */
export const HEALTH_READ_ACTIONS = [
  'health:DescribeEvents',
  'health:DescribeEventDetails',
  'health:DescribeAffectedEntities',
];
/** Their organization-view twins, and which accounts an event affects: only with `health.poller.organizationView`. */
export const HEALTH_ORGANIZATION_READ_ACTIONS = [
  'health:DescribeEventsForOrganization',
  'health:DescribeEventDetailsForOrganization',
  'health:DescribeAffectedEntitiesForOrganization',
  'health:DescribeAffectedAccountsForOrganization',
];

export interface HealthWatchProps {
  /** Carries the compiled config the functions read, the same as the probe's. */
  readonly defaults: LambdaDefaults;
  readonly health: HealthConfig;
  readonly resources: LookoutResources;
}

/**
 * Watches AWS Health: a handler for `aws.health` events on this region's default bus (no support plan
 * needed) and, only when `health.poller` is configured, the Health API poller on a schedule with
 * read-only Health permissions. Neither may change anything in AWS.
 */
export class HealthWatch extends Construct {
  readonly events: lambda.Function;
  readonly eventsDeadLetterQueue: sqs.Queue;
  readonly eventsRule: events.Rule;
  /** Counts the handler's "invalid AWS Health event" lines: one per attempt (the async invoke retries). */
  readonly invalidEvents: cloudwatch.Metric;
  /** Present only with `health.poller`. */
  readonly poller?: HealthPoller;

  constructor(scope: Construct, id: string, props: HealthWatchProps) {
    super(scope, id);
    this.eventsDeadLetterQueue = deadLetterQueue(
      this,
      'EventsDeadLetterQueue',
      "This queue is itself the dead-letter target: the AWS Health event handler's async on-failure destination and its aws.health rule's DLQ. The rule only recognises RedrivePolicy and Lambda DeadLetterConfig.",
    );

    const handler = new LookoutFunction(this, 'Events', {
      defaults: props.defaults,
      entry: 'lambda/handlers/health-events.ts',
      description: 'Lookout AWS Health events: joins AWS Health posts to the incidents they concern',
      timeout: HEALTH_EVENTS_TIMEOUT,
      memorySize: 256,
      // An AWS post is evidence: retry a transient failure; an event that fails validation ends in the
      // queue with the handler's error beside it (the on-failure record carries it, a DLQ would not).
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      onFailure: new destinations.SqsDestination(this.eventsDeadLetterQueue),
    });
    this.events = handler.function;
    wireFunction(this.events, props.resources);

    // This region's default bus: events about it arrive here directly, the other regions' through the
    // LookoutHealthEvents-<region> stacks' forwarding rules.
    this.eventsRule = new events.Rule(this, 'EventsRule', {
      description: 'AWS Health events and AWS Health Abuse events',
      eventPattern: HEALTH_EVENT_PATTERN,
    });
    this.eventsRule.addTarget(
      new targets.LambdaFunction(this.events, {
        retryAttempts: 4,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: this.eventsDeadLetterQueue,
      }),
    );

    // A metric filter on the line the handler already logs: no metrics library in the bundle.
    const filter = new logs.MetricFilter(this, 'InvalidEvents', {
      logGroup: handler.logGroup,
      filterPattern: logs.FilterPattern.stringValue('$.message', '=', INVALID_HEALTH_EVENT_LOG_MESSAGE),
      metricNamespace: METRIC_NAMESPACE,
      metricName: INVALID_HEALTH_EVENTS_METRIC,
      metricValue: '1',
      unit: cloudwatch.Unit.COUNT,
    });
    this.invalidEvents = filter.metric({ statistic: 'Sum', period: Duration.minutes(5) });

    if (props.health.poller) {
      this.poller = new HealthPoller(this, 'Poller', {
        defaults: props.defaults,
        resources: props.resources,
        intervalMinutes: props.health.poller.intervalMinutes,
        organizationView: props.health.poller.organizationView,
      });
    }
  }
}

export interface HealthPollerProps {
  readonly defaults: LambdaDefaults;
  readonly resources: LookoutResources;
  readonly intervalMinutes: number;
  readonly organizationView: boolean;
}

/** The Health API poller: the fallback for missed EventBridge deliveries, and the organization view. */
export class HealthPoller extends Construct {
  readonly function: lambda.Function;
  readonly deadLetterQueue: sqs.Queue;
  readonly pollInterval: Duration;
  readonly schedule: events.Rule;
  readonly readPolicy: iam.Policy;

  constructor(scope: Construct, id: string, props: HealthPollerProps) {
    super(scope, id);
    this.pollInterval = Duration.minutes(props.intervalMinutes);
    this.deadLetterQueue = deadLetterQueue(
      this,
      'DeadLetterQueue',
      "This queue is itself the dead-letter target: the AWS Health poller's async on-failure destination and its schedule rule's DLQ. The rule only recognises RedrivePolicy and Lambda DeadLetterConfig.",
    );

    const poller = new LookoutFunction(this, 'Handler', {
      defaults: props.defaults,
      entry: 'lambda/handlers/health-poller.ts',
      description: 'Lookout AWS Health poller: reads the Health API when EventBridge deliveries are missed',
      timeout: HEALTH_POLLER_TIMEOUT,
      memorySize: 256,
      // The next tick is the retry: a retried poll would run beside it and spend the Health API's quota twice.
      retryAttempts: 0,
      maxEventAge: this.pollInterval,
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
    });
    this.function = poller.function;
    wireFunction(this.function, props.resources);

    this.readPolicy = new iam.Policy(this, 'HealthRead', {
      roles: [poller.role],
      statements: [
        new iam.PolicyStatement({
          actions: [
            ...HEALTH_READ_ACTIONS,
            ...(props.organizationView ? HEALTH_ORGANIZATION_READ_ACTIONS : []),
          ],
          resources: ['*'],
        }),
      ],
    });
    Validations.of(this.readPolicy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'health:DescribeEvents (and ...ForOrganization) support no resource-level permissions; the detail and affected-entity actions act on event ARNs AWS assigns per event in any service and region, so none can be listed ahead of time. Every action in this policy is a read-only health:Describe*.',
    });
    this.function.node.addDependency(this.readPolicy);

    this.schedule = new events.Rule(this, 'Schedule', {
      description: `Starts an AWS Health API poll every ${props.intervalMinutes} minute(s)`,
      schedule: events.Schedule.rate(this.pollInterval),
    });
    this.schedule.addTarget(
      new targets.LambdaFunction(this.function, {
        retryAttempts: 2,
        maxEventAge: this.pollInterval,
        deadLetterQueue: this.deadLetterQueue,
      }),
    );
  }
}
