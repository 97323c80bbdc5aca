import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** An alarm on the first message in a dead-letter queue. */
export function deadLettersAlarm(
  scope: Construct,
  id: string,
  queue: sqs.IQueue,
  alarmDescription: string,
): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, {
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
export function errorsAlarm(
  scope: Construct,
  id: string,
  fn: lambda.IFunction,
  alarmDescription: string,
): cloudwatch.Alarm {
  return sumAlarm(scope, id, fn.metricErrors(FIVE_MINUTE_SUM), 2, alarmDescription);
}

/**
 * Throttles of a function capped with reserved concurrency: one is enough, because a throttled request
 * from Slack or an on-call tool is refused (429) and, for a Function URL, never retried by Lambda — the
 * person or the alert is dropped silently. Only for capped functions: an uncapped one is throttled only
 * when the whole account is, which its other alarms show.
 */
export function throttlesAlarm(
  scope: Construct,
  id: string,
  fn: lambda.IFunction,
  alarmDescription: string,
): cloudwatch.Alarm {
  return sumAlarm(scope, id, fn.metricThrottles(FIVE_MINUTE_SUM), 1, alarmDescription);
}

const FIVE_MINUTE_SUM = { period: Duration.minutes(5), statistic: 'Sum' } as const;

/** `metric` summed over five minutes reaching `threshold`; no data is not a breach. */
function sumAlarm(
  scope: Construct,
  id: string,
  metric: cloudwatch.IMetric,
  threshold: number,
  alarmDescription: string,
): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, {
    alarmDescription,
    metric,
    threshold,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

/**
 * A scheduled poller's own health: failing (two failed polls out of three, so one throttled poll is not
 * worth waking anyone) and not running (missing data is the failure: two intervals without a single
 * invocation means a disabled schedule or a broken permission).
 */
export function scheduledPollerAlarms(
  scope: Construct,
  ids: { errors: string; notRunning: string },
  fn: lambda.IFunction,
  interval: Duration,
  descriptions: { errors: string; notRunning: string },
): cloudwatch.Alarm[] {
  return [
    new cloudwatch.Alarm(scope, ids.errors, {
      alarmDescription: descriptions.errors,
      metric: fn.metricErrors({ period: interval, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
    new cloudwatch.Alarm(scope, ids.notRunning, {
      alarmDescription: descriptions.notRunning,
      metric: fn.metricInvocations({
        period: Duration.minutes(interval.toMinutes() * 2),
        statistic: 'Sum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    }),
  ];
}
