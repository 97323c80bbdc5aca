import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { Route53AlarmSources } from './alarm-sources.js';
import { deadLettersAlarm, errorsAlarm, scheduledPollerAlarms } from './common-alarms.js';

/** The zone poller and the change-event handler: errors and lost work, in the probe's style. */
export function route53Alarms(scope: Construct, r53: Route53AlarmSources): cloudwatch.Alarm[] {
  return [
    deadLettersAlarm(
      scope,
      'ZonePollerDeadLetters',
      r53.pollerDeadLetterQueue,
      'Route 53 zone snapshots were lost (failed or expired); read the queue messages for the error.',
    ),
    ...scheduledPollerAlarms(
      scope,
      { errors: 'ZonePollerErrors', notRunning: 'ZonePollerNotRunning' },
      r53.poller,
      r53.pollInterval,
      {
        errors: 'The zone poller is failing; Route 53 zones are not being snapshotted.',
        notRunning: 'The zone poller has not been invoked for two poll intervals; check its schedule rule.',
      },
    ),
    deadLettersAlarm(
      scope,
      'ChangeEventsDeadLetters',
      r53.changeEventsDeadLetterQueue,
      'Route 53 change events were lost or failed validation; read the queue messages for the event and the error.',
    ),
    // Change events are sparse: a failure and its retry failing within five minutes is a broken handler.
    errorsAlarm(
      scope,
      'ChangeEventsErrors',
      r53.changeEvents,
      'The Route 53 change-event handler is failing; who changed a record is not recorded.',
    ),
  ];
}
