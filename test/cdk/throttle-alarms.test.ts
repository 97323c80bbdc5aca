import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { Lookout, type LookoutProps } from '../../lib/lookout.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

const CONFIG = { slack: { channel: 'C0ALERTS' }, targets: [{ name: 'api.example.com' }] };

/** Lookout in a stack of its own making, with a topic for its alarms. */
function lookoutTemplate(props: Partial<LookoutProps>): { template: Template; topicId: string } {
  const stack = new Stack(new App(), 'Platform');
  const topic = new sns.Topic(stack, 'Pager');
  new Lookout(stack, 'Lookout', { config: CONFIG, bundling: false, alarmTopic: topic, ...props });
  const template = Template.fromStack(stack);
  const topicId = Object.keys(template.findResources('AWS::SNS::Topic'))[0] as string;
  return { template, topicId };
}

function functionId(template: Template, prefix: string): string {
  const ids = Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) =>
    id.startsWith(`Lookout${prefix}`),
  );
  expect(ids).toHaveLength(1);
  return ids[0] as string;
}

/** The alarms on a function's Throttles metric. */
function throttleAlarms(template: Template, fnId: string): Resource[] {
  return (Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[]).filter(
    (alarm) =>
      alarm.Properties.MetricName === 'Throttles' &&
      JSON.stringify(alarm.Properties.Dimensions) ===
        JSON.stringify([{ Name: 'FunctionName', Value: { Ref: fnId } }]),
  );
}

describe('Alarms: throttles of the capped auth-NONE functions', () => {
  it('alarms on the first throttle in five minutes of each capped function, to the alarm topic', () => {
    // Prepare
    const { template, topicId } = lookoutTemplate({
      slackRequestsReservedConcurrency: 10,
      triggersReservedConcurrency: 5,
    });

    // Act
    const requests = throttleAlarms(template, functionId(template, 'SlackAppRequests'));
    const triggers = throttleAlarms(template, functionId(template, 'TriggersHandler'));

    // Assess
    expect(requests).toHaveLength(1);
    expect(triggers).toHaveLength(1);
    for (const alarm of [...requests, ...triggers]) {
      expect(alarm.Properties).toMatchObject({
        Namespace: 'AWS/Lambda',
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: topicId }],
        OKActions: [{ Ref: topicId }],
      });
    }
    // The description says the cap that was hit and the setting that raises it.
    expect(requests[0]?.Properties.AlarmDescription).toMatch(/reserved concurrency \(10\)/);
    expect(requests[0]?.Properties.AlarmDescription).toMatch(/slackRequestsReservedConcurrency/);
    expect(triggers[0]?.Properties.AlarmDescription).toMatch(/reserved concurrency \(5\)/);
    expect(triggers[0]?.Properties.AlarmDescription).toMatch(/triggersReservedConcurrency/);
  });

  it('only for the function that is capped', () => {
    const { template } = lookoutTemplate({ slackRequestsReservedConcurrency: 3 });

    expect(throttleAlarms(template, functionId(template, 'SlackAppRequests'))).toHaveLength(1);
    expect(throttleAlarms(template, functionId(template, 'TriggersHandler'))).toHaveLength(0);
  });

  it('adds no throttle alarm when nothing is capped (default, or false)', () => {
    for (const props of [
      {},
      { slackRequestsReservedConcurrency: false, triggersReservedConcurrency: false },
    ] as const) {
      const { template } = lookoutTemplate(props);
      // The other alarms are there: only the throttle alarm is left out.
      for (const prefix of ['SlackAppRequests', 'TriggersHandler'])
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: 'Errors',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(template, prefix) } }],
        });
      template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'Throttles' }, 0);
    }
  });
});
