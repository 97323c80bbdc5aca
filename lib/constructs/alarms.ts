import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  readonly probe: lambda.IFunction;
  readonly probeTimeout: Duration;
  readonly deadLetterQueue: sqs.IQueue;
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

export interface SlackAlarmSources {
  readonly requests: lambda.IFunction;
  readonly worker: lambda.IFunction;
  readonly workerDeadLetterQueue: sqs.IQueue;
}

export interface TriggersAlarmSources {
  readonly function: lambda.IFunction;
  readonly deadLetterQueue: sqs.IQueue;
}

export interface Route53AlarmSources {
  readonly poller: lambda.IFunction;
  readonly pollerDeadLetterQueue: sqs.IQueue;
  readonly pollInterval: Duration;
  readonly changeEvents: lambda.IFunction;
  readonly changeEventsDeadLetterQueue: sqs.IQueue;
}

export interface HealthAlarmSources {
  readonly events: lambda.IFunction;
  readonly eventsDeadLetterQueue: sqs.IQueue;
  /** Sum of invalid AWS Health events logged by the handler. */
  readonly invalidEvents: cloudwatch.IMetric;
  /** Only with `health.poller`. */
  readonly poller?: {
    readonly function: lambda.IFunction;
    readonly deadLetterQueue: sqs.IQueue;
    readonly pollInterval: Duration;
  };
}

/** Tells a person when Lookout itself is not watching: the watcher must not fail silently. */
export class Alarms extends Construct {
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const oneMinute = Duration.minutes(1);

    const lostRuns = new cloudwatch.Alarm(this, 'DeadLetters', {
      alarmDescription: 'Probe runs were lost (failed or expired); read the queue messages for the error.',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: oneMinute,
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // Two failed minutes out of three: one transient error is not worth waking anyone.
    const errors = new cloudwatch.Alarm(this, 'ProbeErrors', {
      alarmDescription: 'The probe Lambda is failing; DNS targets are not being watched.',
      metric: props.probe.metricErrors({ period: oneMinute, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // A run that keeps ending close to the timeout will soon be cut off mid-round.
    const nearTimeout = new cloudwatch.Alarm(this, 'ProbeNearTimeout', {
      alarmDescription: 'Probe runs take over 90% of their timeout: fewer targets or a higher timeout.',
      metric: props.probe.metricDuration({ period: oneMinute, statistic: 'Maximum' }),
      threshold: props.probeTimeout.toMilliseconds() * 0.9,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // Missing data is the failure here: a disabled rule or a broken permission produces no metrics at all.
    const notRunning = new cloudwatch.Alarm(this, 'ProbeNotRunning', {
      alarmDescription: 'The probe Lambda has not been invoked for 5 minutes; check the schedule rule.',
      metric: props.probe.metricInvocations({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });

    this.alarms = [lostRuns, errors, nearTimeout, notRunning];
    if (props.route53) this.alarms.push(...this.route53Alarms(props.route53));
    if (props.health) this.alarms.push(...this.healthAlarms(props.health));
    if (props.slack) this.alarms.push(...this.slackAlarms(props.slack));
    if (props.triggers) this.alarms.push(...this.triggersAlarms(props.triggers));
    if (props.alarmTopic) {
      const action = new actions.SnsAction(props.alarmTopic);
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }

  /** An alarm on the first message in a dead-letter queue. */
  private deadLetters(id: string, queue: sqs.IQueue, alarmDescription: string): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, {
      alarmDescription,
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * Errors of a function people or senders call at any time: two within five minutes, so one bad request
   * (a dropped connection, a throttled read) is not worth waking anyone.
   */
  private errors(id: string, fn: lambda.IFunction, alarmDescription: string): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, {
      alarmDescription,
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 2,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** The Slack app: its requests failing (people see Slack's error), its worker failing or losing jobs. */
  private slackAlarms(slack: SlackAlarmSources): cloudwatch.Alarm[] {
    return [
      this.errors(
        'SlackRequestsErrors',
        slack.requests,
        "The Slack function is failing; slash commands and buttons get Slack's error instead of an answer.",
      ),
      this.errors(
        'SlackWorkerErrors',
        slack.worker,
        'The Slack worker is failing; acknowledged commands (check, restore, uploads) get no answer.',
      ),
      this.deadLetters(
        'SlackWorkerDeadLetters',
        slack.workerDeadLetterQueue,
        'Slack jobs were lost (the worker crashed or timed out); read the queue messages for the job and the error.',
      ),
    ];
  }

  /** The triggers function: senders are refused with 5xx, or EventBridge triggers are lost. */
  private triggersAlarms(triggers: TriggersAlarmSources): cloudwatch.Alarm[] {
    return [
      this.errors(
        'TriggersErrors',
        triggers.function,
        'The triggers function is failing; PagerDuty, Alertmanager and webhook triggers are not opening incidents.',
      ),
      this.deadLetters(
        'TriggersDeadLetters',
        triggers.deadLetterQueue,
        'EventBridge lookout.trigger events were lost; read the queue messages for the event and the error.',
      ),
    ];
  }

  /** The zone poller and the change-event handler: errors and lost work, in the probe's style. */
  private route53Alarms(r53: Route53AlarmSources): cloudwatch.Alarm[] {
    return [
      this.deadLetters(
        'ZonePollerDeadLetters',
        r53.pollerDeadLetterQueue,
        'Route 53 zone snapshots were lost (failed or expired); read the queue messages for the error.',
      ),
      // Two failed polls out of three, as for the probe: one throttled snapshot is not worth waking anyone.
      new cloudwatch.Alarm(this, 'ZonePollerErrors', {
        alarmDescription: 'The zone poller is failing; Route 53 zones are not being snapshotted.',
        metric: r53.poller.metricErrors({ period: r53.pollInterval, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      // As for the probe, missing data is the failure: two intervals without a single invocation.
      new cloudwatch.Alarm(this, 'ZonePollerNotRunning', {
        alarmDescription:
          'The zone poller has not been invoked for two poll intervals; check its schedule rule.',
        metric: r53.poller.metricInvocations({
          period: Duration.minutes(r53.pollInterval.toMinutes() * 2),
          statistic: 'Sum',
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      }),
      this.deadLetters(
        'ChangeEventsDeadLetters',
        r53.changeEventsDeadLetterQueue,
        'Route 53 change events were lost or failed validation; read the queue messages for the event and the error.',
      ),
      // Change events are sparse: a failure and its retry failing within five minutes is a broken handler.
      new cloudwatch.Alarm(this, 'ChangeEventsErrors', {
        alarmDescription:
          'The Route 53 change-event handler is failing; who changed a record is not recorded.',
        metric: r53.changeEvents.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 2,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
  }

  /** The AWS Health handler and poller: lost events, errors, invalid events, a poller that stopped. */
  private healthAlarms(health: HealthAlarmSources): cloudwatch.Alarm[] {
    const alarms = [
      this.deadLetters(
        'HealthEventsDeadLetters',
        health.eventsDeadLetterQueue,
        'AWS Health events were lost or failed validation; read the queue messages for the event and the error.',
      ),
      // Health events are sparse, as change events are: a failure and its retry within five minutes.
      new cloudwatch.Alarm(this, 'HealthEventsErrors', {
        alarmDescription: 'The AWS Health event handler is failing; AWS posts are not joining incidents.',
        metric: health.events.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 2,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      // One is enough: AWS changed its event shape, or something else sends source aws.health.
      new cloudwatch.Alarm(this, 'InvalidHealthEvents', {
        alarmDescription:
          "AWS Health events failed validation; the handler's log names the event id and the field, the dead-letter queue holds the event.",
        metric: health.invalidEvents,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
    const poller = health.poller;
    if (!poller) return alarms;
    alarms.push(
      this.deadLetters(
        'HealthPollerDeadLetters',
        poller.deadLetterQueue,
        'AWS Health API polls were lost (failed or expired); read the queue messages for the error.',
      ),
      // Two failed polls out of three, as for the zone poller: one throttled poll is not worth waking anyone.
      new cloudwatch.Alarm(this, 'HealthPollerErrors', {
        alarmDescription:
          'The AWS Health poller is failing; missed EventBridge deliveries are not caught up.',
        metric: poller.function.metricErrors({ period: poller.pollInterval, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      // Missing data is the failure: two intervals without a single invocation.
      new cloudwatch.Alarm(this, 'HealthPollerNotRunning', {
        alarmDescription:
          'The AWS Health poller has not been invoked for two poll intervals; check its schedule rule.',
        metric: poller.function.metricInvocations({
          period: Duration.minutes(poller.pollInterval.toMinutes() * 2),
          statistic: 'Sum',
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      }),
    );
    return alarms;
  }
}
