import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  readonly probe: lambda.IFunction;
  readonly probeTimeout: Duration;
  readonly deadLetterQueue: sqs.IQueue;
  /**
   * Existing SNS topic to notify. An imported topic avoids creating one here: CloudWatch cannot publish
   * to a topic encrypted with the AWS-managed SNS key, and a customer key is more than this needs.
   */
  readonly alarmTopicArn?: string;
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
    if (props.alarmTopicArn) {
      const action = new actions.SnsAction(sns.Topic.fromTopicArn(this, 'Topic', props.alarmTopicArn));
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }
}
