import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type {
  HealthAlarmSources,
  ProbeAlarmSources,
  Route53AlarmSources,
  SlackAlarmSources,
  TriggersAlarmSources,
} from './alarms/alarm-sources.js';
import { healthAlarms } from './alarms/health-alarms.js';
import { probeAlarms } from './alarms/probe-alarms.js';
import { route53Alarms } from './alarms/route53-alarms.js';
import { slackAlarms } from './alarms/slack-alarms.js';
import { triggersAlarms } from './alarms/triggers-alarms.js';

export type {
  HealthAlarmSources,
  Route53AlarmSources,
  SlackAlarmSources,
  TriggersAlarmSources,
} from './alarms/alarm-sources.js';

export interface AlarmsProps extends ProbeAlarmSources {
  /**
   * SNS topic to notify. Bring your own rather than one created here: CloudWatch cannot publish to a
   * topic encrypted with the AWS-managed SNS key, and a customer key is more than this needs.
   */
  readonly alarmTopic?: sns.ITopic;
  /** The Route 53 watch's functions and queues, when `route53` is configured. */
  readonly route53?: Route53AlarmSources;
  /** The AWS Health watch's functions, queues and invalid-event metric, when `health.enabled`. */
  readonly health?: HealthAlarmSources;
  /** The Slack app's request function, its worker and the worker's queue. */
  readonly slack?: SlackAlarmSources;
  /** The triggers function and its queue. */
  readonly triggers?: TriggersAlarmSources;
}

/**
 * Tells a person when Lookout itself is not watching: the watcher must not fail silently.
 * Every alarm is created in this construct's scope (the helpers take `this`), so their logical ids
 * stay `Alarms<Id>…` whichever file builds them.
 */
export class Alarms extends Construct {
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.alarms = probeAlarms(this, props);
    if (props.route53) this.alarms.push(...route53Alarms(this, props.route53));
    if (props.health) this.alarms.push(...healthAlarms(this, props.health));
    if (props.slack) this.alarms.push(...slackAlarms(this, props.slack));
    if (props.triggers) this.alarms.push(...triggersAlarms(this, props.triggers));
    if (props.alarmTopic) {
      const action = new actions.SnsAction(props.alarmTopic);
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }
}
