import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { HealthAlarmSources } from './alarm-sources.js';
import { deadLettersAlarm, errorsAlarm, scheduledPollerAlarms } from './common-alarms.js';

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
    errorsAlarm(
      scope,
      'HealthEventsErrors',
      health.events,
      'The AWS Health event handler is failing; AWS posts are not joining incidents.',
    ),
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
    ...scheduledPollerAlarms(
      scope,
      { errors: 'HealthPollerErrors', notRunning: 'HealthPollerNotRunning' },
      poller.function,
      poller.pollInterval,
      {
        errors: 'The AWS Health poller is failing; missed EventBridge deliveries are not caught up.',
        notRunning:
          'The AWS Health poller has not been invoked for two poll intervals; check its schedule rule.',
      },
    ),
  );
  return alarms;
}
