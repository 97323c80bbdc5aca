import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { ProbeAlarmSources } from './alarm-sources.js';

/** The DNS probe: lost runs, errors, runs close to their timeout, and a probe that stopped running. */
export function probeAlarms(scope: Construct, probe: ProbeAlarmSources): cloudwatch.Alarm[] {
  const oneMinute = Duration.minutes(1);

  const lostRuns = new cloudwatch.Alarm(scope, 'DeadLetters', {
    alarmDescription: 'Probe runs were lost (failed or expired); read the queue messages for the error.',
    metric: probe.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period: oneMinute,
      statistic: 'Maximum',
    }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });

  // Two failed minutes out of three: one transient error is not worth waking anyone.
  const errors = new cloudwatch.Alarm(scope, 'ProbeErrors', {
    alarmDescription: 'The probe Lambda is failing; DNS targets are not being watched.',
    metric: probe.probe.metricErrors({ period: oneMinute, statistic: 'Sum' }),
    threshold: 1,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });

  // A run that keeps ending close to the timeout will soon be cut off mid-round.
  const nearTimeout = new cloudwatch.Alarm(scope, 'ProbeNearTimeout', {
    alarmDescription: 'Probe runs take over 90% of their timeout: fewer targets or a higher timeout.',
    metric: probe.probe.metricDuration({ period: oneMinute, statistic: 'Maximum' }),
    threshold: probe.probeTimeout.toMilliseconds() * 0.9,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });

  // Missing data is the failure here: a disabled rule or a broken permission produces no metrics at all.
  const notRunning = new cloudwatch.Alarm(scope, 'ProbeNotRunning', {
    alarmDescription: 'The probe Lambda has not been invoked for 5 minutes; check the schedule rule.',
    metric: probe.probe.metricInvocations({ period: Duration.minutes(5), statistic: 'Sum' }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
  });

  return [lostRuns, errors, nearTimeout, notRunning];
}
