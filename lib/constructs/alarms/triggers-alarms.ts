import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { TriggersAlarmSources } from './alarm-sources.js';
import { deadLettersAlarm, errorsAlarm, throttlesAlarm } from './common-alarms.js';

/** The triggers function: senders are refused with 5xx or by its cap, or EventBridge triggers are lost. */
export function triggersAlarms(scope: Construct, triggers: TriggersAlarmSources): cloudwatch.Alarm[] {
  return [
    errorsAlarm(
      scope,
      'TriggersErrors',
      triggers.function,
      'The triggers function is failing; PagerDuty, Alertmanager and webhook triggers are not opening incidents.',
    ),
    ...(triggers.reservedConcurrency === undefined
      ? []
      : [
          throttlesAlarm(
            scope,
            'TriggersThrottles',
            triggers.function,
            `The triggers function hit its reserved concurrency (${triggers.reservedConcurrency}) and refused deliveries (429); PagerDuty and Alertmanager retry for a while, a webhook sender may not. Raise triggersReservedConcurrency, or look for a flood of unsigned requests (401s in its log).`,
          ),
        ]),
    deadLettersAlarm(
      scope,
      'TriggersDeadLetters',
      triggers.deadLetterQueue,
      'EventBridge lookout.trigger events were lost; read the queue messages for the event and the error.',
    ),
  ];
}
