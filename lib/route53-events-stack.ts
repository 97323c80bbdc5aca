import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { EventForwarder } from './constructs/event-forwarder.js';
import { ROUTE53_CHANGE_EVENT_PATTERN } from './constructs/route53-watch.js';

/** Route 53's CloudTrail events reach EventBridge only on this region's default bus. */
export const ROUTE53_EVENTS_REGION = 'us-east-1';

export interface Route53EventsStackProps extends StackProps {
  /** Region of the Lookout stack; must differ from us-east-1 (there the events arrive directly). */
  readonly targetRegion: string;
  readonly alarmTopicArn?: string;
}

/** Deployed in us-east-1 when Lookout runs elsewhere: forwards Route 53 change events to Lookout's region. */
export class Route53EventsStack extends Stack {
  readonly forwarder: EventForwarder;

  constructor(scope: Construct, id: string, props: Route53EventsStackProps) {
    super(scope, id, {
      description: `Lookout: forwards Route 53 change events from ${ROUTE53_EVENTS_REGION} to ${props.targetRegion}`,
      ...props,
    });
    if (this.region !== ROUTE53_EVENTS_REGION) {
      throw new Error(`${id} must be deployed in ${ROUTE53_EVENTS_REGION}, not ${this.region}`);
    }
    // Forwarding the default bus to itself would loop every event until EventBridge drops it.
    if (props.targetRegion === ROUTE53_EVENTS_REGION) {
      throw new Error(
        `${id}: Lookout in ${ROUTE53_EVENTS_REGION} receives the events directly; no forwarding`,
      );
    }
    this.forwarder = new EventForwarder(this, 'Forwarder', {
      targetRegion: props.targetRegion,
      eventPattern: ROUTE53_CHANGE_EVENT_PATTERN,
      what: 'Route 53 change events',
      ruleDescription: `Forwards Route 53 ChangeResourceRecordSets events to Lookout's default bus in ${props.targetRegion}`,
      alarmTopicArn: props.alarmTopicArn,
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      description: 'Route 53 change events that could not be forwarded',
      value: this.forwarder.deadLetterQueue.queueUrl,
    });
  }
}
