import { CfnOutput, Stack, type StackProps, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { EventForwarder } from './constructs/event-forwarder.js';
import { HEALTH_EVENT_PATTERN } from './constructs/health-watch.js';

export interface HealthEventsStackProps extends StackProps {
  /** Region of the Lookout stack; must differ from this stack's (there the events arrive directly). */
  readonly targetRegion: string;
  readonly alarmTopicArn?: string;
}

/**
 * Deployed in each region whose AWS Health events Lookout needs but does not run in (see
 * `healthForwardingRegions`): forwards `aws.health` events to Lookout's region.
 */
export class HealthEventsStack extends Stack {
  readonly forwarder: EventForwarder;

  constructor(scope: Construct, id: string, props: HealthEventsStackProps) {
    super(scope, id, {
      description: `Lookout: forwards AWS Health events from ${props.env?.region ?? 'this region'} to ${props.targetRegion}`,
      ...props,
    });
    if (Token.isUnresolved(this.region)) throw new Error(`${id} needs a concrete region in env`);
    // Forwarding the default bus to itself would loop every event until EventBridge drops it.
    if (props.targetRegion === this.region) {
      throw new Error(
        `${id}: Lookout in ${this.region} receives its AWS Health events directly; no forwarding`,
      );
    }
    this.forwarder = new EventForwarder(this, 'Forwarder', {
      targetRegion: props.targetRegion,
      eventPattern: HEALTH_EVENT_PATTERN,
      what: 'AWS Health events',
      ruleDescription: `Forwards AWS Health events to Lookout's default bus in ${props.targetRegion}`,
      alarmTopicArn: props.alarmTopicArn,
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      description: 'AWS Health events that could not be forwarded',
      value: this.forwarder.deadLetterQueue.queueUrl,
    });
  }
}
