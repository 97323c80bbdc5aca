import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue.js';

export interface EventForwarderProps {
  /** Region of the Lookout stack, whose default bus receives the events. Must be a concrete region. */
  readonly targetRegion: string;
  /** The events to forward: the same pattern Lookout's own rule matches. */
  readonly eventPattern: events.EventPattern;
  /** What they are, for the rule, queue and alarm texts, e.g. `Route 53 change events`. */
  readonly what: string;
  /** The rule's description. */
  readonly ruleDescription: string;
  /**
   * SNS topic for the DLQ alarm. CloudWatch notifies only a topic in the alarm's own region, so it is
   * used only when it is in this stack's region; otherwise the alarm shows in the console only.
   */
  readonly alarmTopicArn?: string | undefined;
}

/**
 * Forwards the events matching a pattern from this region's default bus to the default bus of Lookout's
 * region, in the same account: the Route 53 change events from us-east-1, the AWS Health events from every
 * region that gets some Lookout needs.
 */
export class EventForwarder extends Construct {
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;
  /** `arn:aws:events:<targetRegion>:<account>:event-bus/default`. */
  readonly targetBusArn: string;
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: EventForwarderProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // The default bus always exists and its ARN is known, so nothing crosses stacks: no exports, no
    // crossRegionReferences custom resource. Same account, so the bus needs no resource policy.
    this.targetBusArn = stack.formatArn({
      service: 'events',
      region: props.targetRegion,
      resource: 'event-bus',
      resourceName: 'default',
    });

    this.deadLetterQueue = deadLetterQueue(
      this,
      'DeadLetterQueue',
      `This queue is itself the dead-letter target of the forwarding rule: ${props.what} EventBridge could not put on the Lookout region bus. The rule only recognises RedrivePolicy and Lambda DeadLetterConfig.`,
    );

    this.rule = new events.Rule(this, 'Rule', {
      description: props.ruleDescription,
      eventPattern: props.eventPattern,
    });
    // A bus in another region needs a role: the target creates one that may only PutEvents on that bus.
    // EventBridge takes no retry policy for bus targets; it retries for 24 h, then the DLQ gets the event.
    this.rule.addTarget(
      new targets.EventBus(events.EventBus.fromEventBusArn(this, 'LookoutBus', this.targetBusArn), {
        deadLetterQueue: this.deadLetterQueue,
      }),
    );

    this.alarm = new cloudwatch.Alarm(this, 'DeadLetters', {
      alarmDescription: `${props.what} could not be forwarded to ${props.targetRegion}; read the queue messages for the error.`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmTopicArn && props.alarmTopicArn.split(':')[3] === stack.region) {
      const action = new actions.SnsAction(sns.Topic.fromTopicArn(this, 'Topic', props.alarmTopicArn));
      this.alarm.addAlarmAction(action);
      this.alarm.addOkAction(action);
    }
  }
}
