import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { SlackAlarmSources } from './alarm-sources.js';
import { deadLettersAlarm, errorsAlarm, throttlesAlarm } from './common-alarms.js';

/**
 * The Slack app: its requests failing (people see Slack's error) or throttled by their cap, its worker
 * failing or losing jobs.
 */
export function slackAlarms(scope: Construct, slack: SlackAlarmSources): cloudwatch.Alarm[] {
  return [
    errorsAlarm(
      scope,
      'SlackRequestsErrors',
      slack.requests,
      "The Slack function is failing; slash commands and buttons get Slack's error instead of an answer.",
    ),
    ...(slack.requestsReservedConcurrency === undefined
      ? []
      : [
          throttlesAlarm(
            scope,
            'SlackRequestsThrottles',
            slack.requests,
            `The Slack function hit its reserved concurrency (${slack.requestsReservedConcurrency}) and refused requests; people got Slack's error. Raise slackRequestsReservedConcurrency, or look for a flood of unsigned requests (401s in its log).`,
          ),
        ]),
    errorsAlarm(
      scope,
      'SlackWorkerErrors',
      slack.worker,
      'The Slack worker is failing; acknowledged commands (check, restore, uploads) get no answer.',
    ),
    deadLettersAlarm(
      scope,
      'SlackWorkerDeadLetters',
      slack.workerDeadLetterQueue,
      'Slack jobs were lost (the worker crashed or timed out); read the queue messages for the job and the error.',
    ),
  ];
}
