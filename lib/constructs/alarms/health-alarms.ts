import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { HealthAlarmSources } from './alarm-sources.js';
import { deadLettersAlarm } from './common-alarms.js';

/** The AWS Health handler and poller: lost events, errors, invalid events, a poller that stopped. */
export function healthAlarms(scope: Construct, health: HealthAlarmSources): cloudwatch.Alarm[] {
  const alarms = [
    deadLettersAlarm(
      scope,
      'HealthEventsDeadLetters',
      health.eventsDeadLetterQueue,
      'AWS Health events were lost or failed validation; read the queue messages for the event and the error.',
    ),
    // Health events are sparse, as change events are: a failure and its retry within five minutes.
    new cloudwatch.Alarm(scope, 'HealthEventsErrors', {
      alarmDescription: 'The AWS Health event handler is failing; AWS posts are not joining incidents.',
      metric: health.events.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 2,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
    // One is enough: AWS changed its event shape, or something else sends source aws.health.
    new cloudwatch.Alarm(scope, 'InvalidHealthEvents', {
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
    deadLettersAlarm(
      scope,
      'HealthPollerDeadLetters',
      poller.deadLetterQueue,
      'AWS Health API polls were lost (failed or expired); read the queue messages for the error.',
    ),
    // Two failed polls out of three, as for the zone poller: one throttled poll is not worth waking anyone.
    new cloudwatch.Alarm(scope, 'HealthPollerErrors', {
      alarmDescription: 'The AWS Health poller is failing; missed EventBridge deliveries are not caught up.',
      metric: poller.function.metricErrors({ period: poller.pollInterval, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
    // Missing data is the failure: two intervals without a single invocation.
    new cloudwatch.Alarm(scope, 'HealthPollerNotRunning', {
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
