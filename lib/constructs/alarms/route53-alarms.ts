import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { Route53AlarmSources } from './alarm-sources.js';
import { deadLettersAlarm } from './common-alarms.js';

/** The zone poller and the change-event handler: errors and lost work, in the probe's style. */
export function route53Alarms(scope: Construct, r53: Route53AlarmSources): cloudwatch.Alarm[] {
  return [
    deadLettersAlarm(
      scope,
      'ZonePollerDeadLetters',
      r53.pollerDeadLetterQueue,
      'Route 53 zone snapshots were lost (failed or expired); read the queue messages for the error.',
    ),
    // Two failed polls out of three, as for the probe: one throttled snapshot is not worth waking anyone.
    new cloudwatch.Alarm(scope, 'ZonePollerErrors', {
      alarmDescription: 'The zone poller is failing; Route 53 zones are not being snapshotted.',
      metric: r53.poller.metricErrors({ period: r53.pollInterval, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
    // As for the probe, missing data is the failure: two intervals without a single invocation.
    new cloudwatch.Alarm(scope, 'ZonePollerNotRunning', {
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
    deadLettersAlarm(
      scope,
      'ChangeEventsDeadLetters',
      r53.changeEventsDeadLetterQueue,
      'Route 53 change events were lost or failed validation; read the queue messages for the event and the error.',
    ),
    // Change events are sparse: a failure and its retry failing within five minutes is a broken handler.
    new cloudwatch.Alarm(scope, 'ChangeEventsErrors', {
      alarmDescription: 'The Route 53 change-event handler is failing; who changed a record is not recorded.',
      metric: r53.changeEvents.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 2,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
  ];
}
