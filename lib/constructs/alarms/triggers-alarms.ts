import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { TriggersAlarmSources } from './alarm-sources.js';
import { deadLettersAlarm, errorsAlarm } from './common-alarms.js';

/** The triggers function: senders are refused with 5xx, or EventBridge triggers are lost. */
export function triggersAlarms(scope: Construct, triggers: TriggersAlarmSources): cloudwatch.Alarm[] {
  return [
    errorsAlarm(
      scope,
      'TriggersErrors',
      triggers.function,
      'The triggers function is failing; PagerDuty, Alertmanager and webhook triggers are not opening incidents.',
    ),
    deadLettersAlarm(
      scope,
      'TriggersDeadLetters',
      triggers.deadLetterQueue,
      'EventBridge lookout.trigger events were lost; read the queue messages for the event and the error.',
    ),
  ];
}
