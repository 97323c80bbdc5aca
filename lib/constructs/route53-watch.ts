import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Route53Config } from '../../lambda/config/config-schema.js';
// The rule matches exactly what the handler's parser accepts: one set of constants, no drift.
import {
  CHANGE_EVENT_NAME,
  CLOUDTRAIL_DETAIL_TYPE,
  ROUTE53_EVENT_SOURCE,
  ROUTE53_EVENTBRIDGE_SOURCE,
} from '../../lambda/sources/route53/cloudtrail-schema.js';
import { deadLetterQueue } from './dead-letter-queue.js';
import { type LambdaDefaults, LookoutFunction } from './lambda-defaults.js';
import { type LookoutResources, wireFunction } from './wiring.js';

/** A zone snapshot pages through up to 10,000 records at Lookout's share of the API budget. */
export const ZONE_POLLER_TIMEOUT = Duration.minutes(5);
export const CHANGE_EVENTS_TIMEOUT = Duration.seconds(60);

/**
 * CloudTrail's record of a Route 53 record change, as EventBridge delivers it. Route 53 is a global
 * service: these events reach only the us-east-1 default bus (with a trail recording management events);
 * other regions get them through the forwarding stack, which uses this same pattern.
 */
export const ROUTE53_CHANGE_EVENT_PATTERN: events.EventPattern = {
  source: [ROUTE53_EVENTBRIDGE_SOURCE],
  detailType: [CLOUDTRAIL_DETAIL_TYPE],
  detail: {
    eventSource: [ROUTE53_EVENT_SOURCE],
    eventName: [CHANGE_EVENT_NAME],
  },
};

/**
 * Read-only Route 53 actions on a hosted zone. The Change History IAM action names are from the Route 53
 * Developer Guide ("Permissions for Change History"): ListHostedZoneChangeBatches, and
 * GetHostedZoneChangeBatch + ListResourceRecordSets for both GetHostedZoneChangeBatch and
 * ListResourceRecordSetChanges (which has no IAM action of its own).
 */
export const ROUTE53_ZONE_READ_ACTIONS = [
  'route53:GetHostedZone',
  'route53:ListResourceRecordSets',
  'route53:ListHostedZoneChangeBatches',
  'route53:GetHostedZoneChangeBatch',
];

export interface Route53WatchProps {
  /** Carries the compiled config the functions read, the same as the probe's. */
  readonly defaults: LambdaDefaults;
  readonly route53: Route53Config;
  readonly resources: LookoutResources;
}

/**
 * Watches Route 53 itself: a zone poller on a schedule (snapshots and Change History) and a handler for
 * CloudTrail change events on this region's default bus (the fast path in between). Both may only read
 * Route 53; nothing in Lookout's stack can change a record.
 */
export class Route53Watch extends Construct {
  readonly poller: lambda.Function;
  readonly pollerDeadLetterQueue: sqs.Queue;
  readonly pollInterval: Duration;
  readonly schedule: events.Rule;
  readonly changeEvents: lambda.Function;
  readonly changeEventsDeadLetterQueue: sqs.Queue;
  readonly changeEventsRule: events.Rule;

  constructor(scope: Construct, id: string, props: Route53WatchProps) {
    super(scope, id);
    this.pollInterval = Duration.minutes(props.route53.pollIntervalMinutes);

    this.pollerDeadLetterQueue = deadLetterQueue(
      this,
      'PollerDeadLetterQueue',
      "This queue is itself the dead-letter target: the zone poller's async on-failure destination and its schedule rule's DLQ. The rule only recognises RedrivePolicy and Lambda DeadLetterConfig.",
    );
    this.changeEventsDeadLetterQueue = deadLetterQueue(
      this,
      'ChangeEventsDeadLetterQueue',
      "This queue is itself the dead-letter target: the change-event handler's async on-failure destination and its CloudTrail rule's DLQ. The rule only recognises RedrivePolicy and Lambda DeadLetterConfig.",
    );

    // Same async pattern as the probe: the on-failure record carries the error, the DLQ would not.
    const poller = new LookoutFunction(this, 'ZonePoller', {
      defaults: props.defaults,
      entry: 'lambda/handlers/zone-poller.ts',
      description:
        'Lookout zone poller: snapshots the watched Route 53 hosted zones and their change history',
      timeout: ZONE_POLLER_TIMEOUT,
      memorySize: 512,
      // The next tick is the retry: a retried snapshot would run beside it and spend the API budget twice.
      retryAttempts: 0,
      maxEventAge: this.pollInterval,
      onFailure: new destinations.SqsDestination(this.pollerDeadLetterQueue),
    });
    this.poller = poller.function;

    const changeEvents = new LookoutFunction(this, 'ChangeEvents', {
      defaults: props.defaults,
      entry: 'lambda/handlers/route53-events.ts',
      description: 'Lookout Route 53 change events: records who changed a watched record, from CloudTrail',
      timeout: CHANGE_EVENTS_TIMEOUT,
      memorySize: 256,
      // A change event is evidence (who wrote what, when): retry a transient failure; an event that fails
      // validation ends in the queue with the handler's error beside it.
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      onFailure: new destinations.SqsDestination(this.changeEventsDeadLetterQueue),
    });
    this.changeEvents = changeEvents.function;

    for (const fn of [this.poller, this.changeEvents]) wireFunction(fn, props.resources);
    this.grantRoute53Read(props.route53, [poller, changeEvents]);

    this.schedule = new events.Rule(this, 'Schedule', {
      description: `Starts a Route 53 zone snapshot every ${props.route53.pollIntervalMinutes} minute(s)`,
      schedule: events.Schedule.rate(this.pollInterval),
    });
    this.schedule.addTarget(
      new targets.LambdaFunction(this.poller, {
        retryAttempts: 2,
        maxEventAge: this.pollInterval,
        deadLetterQueue: this.pollerDeadLetterQueue,
      }),
    );

    // This region's default bus: in us-east-1 the events arrive here directly, elsewhere through the
    // LookoutRoute53Events stack's forwarding rule.
    this.changeEventsRule = new events.Rule(this, 'ChangeEventsRule', {
      description: 'Route 53 ChangeResourceRecordSets calls recorded by CloudTrail',
      eventPattern: ROUTE53_CHANGE_EVENT_PATTERN,
    });
    this.changeEventsRule.addTarget(
      new targets.LambdaFunction(this.changeEvents, {
        retryAttempts: 4,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: this.changeEventsDeadLetterQueue,
      }),
    );
  }

  /**
   * Route 53 read permissions in two policies of their own, attached to both roles. Zone actions are
   * scoped to the configured zones; the account-wide ones sit apart so their wildcard acknowledgements
   * cover exactly them. There is deliberately no write action: restores are proposed, never applied.
   */
  private grantRoute53Read(route53: Route53Config, functions: LookoutFunction[]): void {
    const stack = Stack.of(this);
    const roles = functions.map((f) => f.role);
    const zoneIds = [...new Set(route53.zones.map((z) => z.id))];
    const zoneArns = zoneIds.map((zoneId) => route53Arn(stack, 'hostedzone', zoneId));

    const zoneRead = new iam.Policy(this, 'ZoneRead', {
      roles,
      statements: [new iam.PolicyStatement({ actions: ROUTE53_ZONE_READ_ACTIONS, resources: zoneArns })],
    });

    const anyZoneAction = ['route53:ListHostedZones'];
    // TestDNSAnswer only when a zone asks for the name-server confirmation (the default).
    if (route53.zones.some((z) => z.confirmWithTestDnsAnswer)) anyZoneAction.push('route53:TestDNSAnswer');
    const changeArn = route53Arn(stack, 'change', '*');
    const accountRead = new iam.Policy(this, 'AccountRead', {
      roles,
      statements: [
        new iam.PolicyStatement({ actions: anyZoneAction, resources: ['*'] }),
        new iam.PolicyStatement({ actions: ['route53:GetChange'], resources: [changeArn] }),
      ],
    });
    Validations.of(accountRead).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'route53:ListHostedZones and route53:TestDNSAnswer support no resource-level permissions (Resource must be *); both are read-only and this policy holds nothing else on *.',
    });
    Validations.of(accountRead).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagArn(stack, changeArn)}]`,
      reason:
        'route53:GetChange (read-only change status, PENDING or INSYNC) is authorised on change ARNs whose ids Route 53 assigns per request, so they cannot be listed ahead of time.',
    });

    for (const fn of functions) {
      fn.function.node.addDependency(zoneRead, accountRead);
    }
  }
}

/** `arn:aws:route53:::<resource>/<name>`: Route 53 ARNs carry neither region nor account. */
export function route53Arn(stack: Stack, resource: string, name: string): string {
  return stack.formatArn({
    service: 'route53',
    region: '',
    account: '',
    resource,
    resourceName: name,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/** The ARN as cdk-nag prints it in a finding id: an unresolved partition becomes `<AWS::Partition>`. */
export function nagArn(stack: Stack, arn: string): string {
  const resolved: unknown = stack.resolve(arn);
  if (typeof resolved === 'string') return resolved;
  const parts = (resolved as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  return parts.map((p) => (typeof p === 'string' ? p : `<${(p as { Ref: string }).Ref}>`)).join('');
}
