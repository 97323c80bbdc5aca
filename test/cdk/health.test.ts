import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { HealthEventsStack } from '../../lib/health-events-stack.js';
import { buildTestApp, CONFIG_FILE, REPO_ROOT, writeTempConfig } from './support.js';

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

const ACCOUNT = '123456789012';
const EXPECTED_PATTERN = {
  source: ['aws.health'],
  'detail-type': ['AWS Health Event', 'AWS Health Abuse Event'],
};
const READ = ['health:DescribeEvents', 'health:DescribeEventDetails', 'health:DescribeAffectedEntities'];
const ORGANIZATION_READ = [
  'health:DescribeEventsForOrganization',
  'health:DescribeEventDetailsForOrganization',
  'health:DescribeAffectedEntitiesForOrganization',
  'health:DescribeAffectedAccountsForOrganization',
];

function resources(template: Template): Record<string, Resource> {
  return template.toJSON().Resources as Record<string, Resource>;
}

/** The one resource of a type whose logical id starts with `prefix`, as [id, resource]. */
function only(template: Template, type: string, prefix: string): [string, Resource] {
  const found = Object.entries(template.findResources(type) as Record<string, Resource>).filter(([id]) =>
    id.startsWith(prefix),
  );
  expect(found.map(([id]) => id)).toHaveLength(1);
  return found[0] as [string, Resource];
}

/** Allow statements of every identity policy in a stack, with the roles each is attached to. */
function identityStatements(stack: Stack): (Statement & { roles: unknown })[] {
  const found: (Statement & { roles: unknown })[] = [];
  for (const resource of Object.values(resources(Template.fromStack(stack)))) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    const doc = resource.Properties.PolicyDocument as { Statement: Statement[] };
    for (const s of doc.Statement) {
      if (s.Effect === 'Allow') found.push({ ...s, roles: resource.Properties.Roles });
    }
  }
  return found;
}

/** Sorted, as minimizePolicies (cdk.json) writes them. */
const healthActions = (stack: Stack) =>
  identityStatements(stack)
    .flatMap((s) => [s.Action].flat())
    .filter((a) => a.startsWith('health:'))
    .sort();

function pollerConfig(organizationView: boolean): string {
  return writeTempConfig(
    [
      'targets:',
      '  - name: dynamodb.us-east-1.amazonaws.com',
      '  - name: api.example.com',
      'health:',
      '  regions: [eu-west-1]',
      `  poller: { intervalMinutes: 10, organizationView: ${organizationView} }`,
      '',
    ].join('\n'),
  );
}

describe('Stack: Lookout with AWS Health (on by default)', () => {
  let built: ReturnType<typeof buildTestApp>;
  let template: Template;
  let eventsId: string;
  let queueId: string;

  beforeAll(() => {
    built = buildTestApp({
      configFile: CONFIG_FILE,
      env: { CDK_DEFAULT_REGION: 'eu-west-1', CDK_DEFAULT_ACCOUNT: ACCOUNT },
    });
    template = Template.fromStack(built.stack);
    [eventsId] = only(template, 'AWS::Lambda::Function', 'HealthEvents');
    [queueId] = only(template, 'AWS::SQS::Queue', 'HealthEventsDeadLetterQueue');
  });

  it('matches exactly AWS Health and AWS Health Abuse events on the default bus, into the handler with the DLQ', () => {
    const [, rule] = only(template, 'AWS::Events::Rule', 'HealthEventsRule');
    expect(rule.Properties.EventPattern).toEqual(EXPECTED_PATTERN);
    // No EventBusName: the default bus, where AWS Health delivers (directly or forwarded).
    expect(rule.Properties.EventBusName).toBeUndefined();
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [eventsId, 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 4 },
      }),
    ]);
  });

  it('retries a failed event twice, then sends it with the error to the encrypted DLQ', () => {
    const all = resources(template);
    expect(all[eventsId]?.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Timeout: 60,
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: eventsId },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    expect(all[queueId]?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1_209_600,
    });
    const env = (all[eventsId]?.Properties.Environment as { Variables: Record<string, unknown> } | undefined)
      ?.Variables;
    const [tableId] = only(template, 'AWS::DynamoDB::Table', 'Store');
    expect(env?.TABLE_NAME).toEqual({ Ref: tableId });
  });

  it('has no poller and no health:* permission without health.poller', () => {
    expect(healthActions(built.stack)).toEqual([]);
    expect(
      Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) => /Poller/.test(id)),
    ).toEqual([]);
    // Only the probe's schedule, beside the Health rule and the triggers' lookout.trigger rule.
    template.resourceCountIs('AWS::Events::Rule', 3);
    expect(template.toJSON().Outputs.HealthPollerDeadLetterQueueUrl).toBeUndefined();
  });

  it('counts the handler’s “invalid AWS Health event” log lines in a metric and alarms on the first', () => {
    const logging = resources(template)[eventsId]?.Properties.LoggingConfig as
      | { LogGroup: { Ref: string } }
      | undefined;
    const logGroupId = logging?.LogGroup.Ref;
    expect(logGroupId).toBeDefined();
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logGroupId },
      FilterPattern: '{ $.message = "invalid AWS Health event" }',
      MetricTransformations: [
        { MetricNamespace: 'Lookout', MetricName: 'InvalidHealthEvents', MetricValue: '1', Unit: 'Count' },
      ],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Lookout',
      MetricName: 'InvalidHealthEvents',
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    // The filter reads the line the handler writes (Powertools puts it under `message`): keep them equal.
    const handler = readFileSync(join(REPO_ROOT, 'lambda/handlers/health-events.ts'), 'utf8');
    expect(handler).toContain("log.error('invalid AWS Health event', error)");
  });

  it('alarms on the handler’s dead letters and errors, and outputs the DLQ URL', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 1,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: eventsId } }],
    });
    template.hasOutput('HealthEventsDeadLetterQueueUrl', { Value: { Ref: queueId } });
  });

  it('forwards from us-east-1 (global events) and us-west-2 (backups) to Lookout’s bus, only PutEvents on it', () => {
    expect(built.healthEvents.map((s) => [s.stackName, s.region, s.account])).toEqual([
      ['LookoutHealthEvents-us-east-1', 'us-east-1', ACCOUNT],
      ['LookoutHealthEvents-us-west-2', 'us-west-2', ACCOUNT],
    ]);
    const busArn = `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/default`;
    for (const forwarder of built.healthEvents) {
      expect(forwarder.dependencies.map((d) => d.stackName)).toEqual(['Lookout']);
      const f = Template.fromStack(forwarder);
      const [queue] = Object.keys(f.findResources('AWS::SQS::Queue'));
      const [role] = Object.keys(f.findResources('AWS::IAM::Role'));
      const [rule] = Object.values(f.findResources('AWS::Events::Rule')) as Resource[];
      f.resourceCountIs('AWS::Events::Rule', 1);
      expect(rule?.Properties.EventPattern).toEqual(EXPECTED_PATTERN);
      expect(rule?.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: busArn,
          RoleArn: { 'Fn::GetAtt': [role, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queue, 'Arn'] } },
        }),
      ]);
      expect(identityStatements(forwarder).map((s) => ({ Action: s.Action, Resource: s.Resource }))).toEqual([
        { Action: 'events:PutEvents', Resource: busArn },
      ]);
      f.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
      });
      f.hasOutput('DeadLetterQueueUrl', { Value: { Ref: queue } });
      f.resourceCountIs('AWS::Lambda::Function', 0);
    }
  });
});

describe('Stack: Lookout with the AWS Health poller', () => {
  let built: ReturnType<typeof buildTestApp>;
  let template: Template;

  beforeAll(() => {
    built = buildTestApp({ configFile: pollerConfig(false), env: { CDK_DEFAULT_REGION: 'eu-central-1' } });
    template = Template.fromStack(built.stack);
  });

  it('forwards from the watched endpoints’ region, health.regions and their backups, not from its own', () => {
    expect(built.healthEvents.map((s) => s.stackName)).toEqual([
      'LookoutHealthEvents-eu-west-1',
      'LookoutHealthEvents-us-east-1',
      'LookoutHealthEvents-us-west-2',
    ]);
    for (const forwarder of built.healthEvents) {
      const [rule] = Object.values(
        Template.fromStack(forwarder).findResources('AWS::Events::Rule'),
      ) as Resource[];
      expect(JSON.stringify(rule?.Properties.Targets)).toContain('arn:aws:events:eu-central-1:');
    }
  });

  it('polls on rate(intervalMinutes), the next tick being the retry, failures in the poller DLQ', () => {
    const [pollerId] = only(template, 'AWS::Lambda::Function', 'HealthPoller');
    const [queueId] = only(template, 'AWS::SQS::Queue', 'HealthPollerDeadLetterQueue');
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(10 minutes)',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [pollerId, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
          RetryPolicy: { MaximumEventAgeInSeconds: 600, MaximumRetryAttempts: 2 },
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: pollerId },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    template.hasOutput('HealthPollerDeadLetterQueueUrl', { Value: { Ref: queueId } });
    for (const metric of ['Errors', 'Invocations']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metric,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: pollerId } }],
      });
    }
  });

  it('grants the poller’s role exactly the three read-only Health actions, and no one else any', () => {
    const [, poller] = only(template, 'AWS::Lambda::Function', 'HealthPoller');
    const roleId = (poller.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = identityStatements(built.stack).filter((s) =>
      [s.Action].flat().some((a) => a.startsWith('health:')),
    );
    expect(statements).toEqual([
      expect.objectContaining({ Action: [...READ].sort(), Resource: '*', roles: [{ Ref: roleId }] }),
    ]);
  });

  it('adds the organization-view actions only with organizationView', () => {
    const { stack } = buildTestApp({
      configFile: pollerConfig(true),
      env: { CDK_DEFAULT_REGION: 'eu-central-1' },
    });
    expect(healthActions(stack)).toEqual([...READ, ...ORGANIZATION_READ].sort());
  });
});

describe('Stack: Lookout AWS Health variants', () => {
  it('creates nothing of AWS Health with health.enabled false, and needs no region then', () => {
    const file = writeTempConfig(
      'targets:\n  - name: dynamodb.us-east-1.amazonaws.com\nhealth:\n  enabled: false\n',
    );
    const { app, stack, healthEvents } = buildTestApp({ configFile: file, env: {} });
    expect(healthEvents).toEqual([]);
    expect(app.node.children.filter((c) => c.node.id !== 'Tree').map((c) => c.node.id)).toEqual(['Lookout']);
    expect(stack.healthWatch).toBeUndefined();
    const json = JSON.stringify(Template.fromStack(stack).toJSON());
    expect(json).not.toMatch(/aws\.health|health:|HealthEvents|InvalidHealthEvents/);
  });

  it('forwards only from us-west-2 (the backup region) when Lookout runs in us-east-1', () => {
    const { healthEvents } = buildTestApp({
      configFile: CONFIG_FILE,
      env: { CDK_DEFAULT_REGION: 'us-east-1' },
    });
    expect(healthEvents.map((s) => s.stackName)).toEqual(['LookoutHealthEvents-us-west-2']);
  });

  it('synthesises offline without a region, warning that only the deployed region’s Health events are seen', () => {
    const file = writeTempConfig('targets:\n  - name: dynamodb.us-east-1.amazonaws.com\n');
    const { stack, healthEvents } = buildTestApp({ configFile: file, env: {} });
    expect(healthEvents).toEqual([]);
    expect(stack.healthWatch).toBeDefined();
    const warnings = Annotations.fromStack(stack).findWarning(
      '*',
      Match.stringLikeRegexp('region is unknown'),
    );
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]?.entry.data)).toMatch(
      new RegExp(`^${file}: health: .*us-east-1.*us-west-2.*-c region=`),
    );
  });

  it('refuses a forwarding stack in Lookout’s own region: it would loop every event', () => {
    const app = new App();
    expect(
      () => new HealthEventsStack(app, 'Loop', { env: { region: 'eu-west-1' }, targetRegion: 'eu-west-1' }),
    ).toThrow(/receives its AWS Health events directly/);
  });
});

describe('Stack: Lookout AWS Health poller permissions', () => {
  it('grants exactly the Health API actions the poller’s adapter calls, so none is refused in AWS', () => {
    // Every file of the Health adapter, so a command sent from any of them is tied to a grant.
    const dir = join(REPO_ROOT, 'lambda/sources/health');
    const source = readdirSync(dir)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => readFileSync(join(dir, name), 'utf8'))
      .join('\n');
    const called = [...source.matchAll(/new (Describe\w+)Command\(/g)].map((m) => `health:${m[1]}`);
    expect(called.length).toBeGreaterThan(0);
    expect([...new Set(called)].sort()).toEqual([...READ, ...ORGANIZATION_READ].sort());
  });
});
