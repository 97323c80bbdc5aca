import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../lambda/config/config-schema.js';
import { TRIGGER_EVENTBRIDGE_SOURCE } from '../../lambda/sources/triggers/eventbridge.js';
import { SLACK_REQUESTS_RESERVED_CONCURRENCY } from '../../lib/constructs/slack-app.js';
import { TRIGGERS_RESERVED_CONCURRENCY } from '../../lib/constructs/triggers.js';
import { Lookout, type LookoutProps } from '../../lib/lookout.js';
import { LookoutStack } from '../../lib/lookout-stack.js';
import { buildTestApp, CONFIG_FILE, writeTempConfig } from './support.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

const ZONE_A = 'Z0123456789ABCDEFGHIJ';
const ZONE_B = 'Z9876543210ZYXWVUTSRQ';

/** Every Allow statement of every policy in the stack, with the policy's logical id and roles. */
function allowStatements(template: Template): { policyId: string; roles: unknown; statement: Statement }[] {
  const found: { policyId: string; roles: unknown; statement: Statement }[] = [];
  for (const [policyId, policy] of Object.entries(
    template.findResources('AWS::IAM::Policy') as Record<string, Resource>,
  )) {
    const doc = policy.Properties.PolicyDocument as { Statement: Statement[] };
    for (const statement of doc.Statement)
      if (statement.Effect === 'Allow') found.push({ policyId, roles: policy.Properties.Roles, statement });
  }
  return found;
}

const actionsOf = (s: Statement) => [s.Action].flat();

function onlyId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
}

function envOf(template: Template, id: string): Record<string, unknown> {
  const fn = template.findResources('AWS::Lambda::Function')[id] as Resource;
  return (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

describe('Stack: Lookout Slack app', () => {
  let template: Template;
  let requestsId: string;
  let workerId: string;
  let workerQueueId: string;
  let slackSecretId: string;
  let tableId: string;

  beforeAll(() => {
    template = Template.fromStack(buildTestApp({ configFile: CONFIG_FILE }).stack);
    requestsId = onlyId(template, 'AWS::Lambda::Function', 'SlackAppRequests');
    workerId = onlyId(template, 'AWS::Lambda::Function', 'SlackAppWorker');
    workerQueueId = onlyId(template, 'AWS::SQS::Queue', 'SlackAppWorkerDeadLetterQueue');
    slackSecretId = onlyId(template, 'AWS::SecretsManager::Secret', 'SlackBotToken');
    tableId = onlyId(template, 'AWS::DynamoDB::Table', 'Store');
  });

  it('keeps every logical id the stack had before the Slack app and the triggers', () => {
    const before = [
      'AlarmsDeadLetters20E28703',
      'AlarmsHealthEventsDeadLettersECDCA1A4',
      'AlarmsHealthEventsErrors1825EE33',
      'AlarmsInvalidHealthEventsBF8BB019',
      'AlarmsProbeErrors1FCC52DF',
      'AlarmsProbeNearTimeout41C8A723',
      'AlarmsProbeNotRunningF0637564',
      'HealthEventsDeadLetterQueueAAE54074',
      'HealthEventsFunction4D6BA281',
      'HealthEventsRule3F1291E0',
      'ProbingDeadLetterQueueC96F8806',
      'ProbingProbeFunction9448BBAF',
      'ProbingProbeRole824A6498',
      'ProbingScheduleC5D0D0F0',
      'SlackBotToken81C52CEC',
      'StoreTable0CCFA19B',
    ];
    const ids = Object.keys(template.toJSON().Resources as Record<string, unknown>);
    expect(before.filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('runs the Slack function apart from the probe: Node 24, ARM64, 1,024 MB for the Bolt bundle, 10 s', () => {
    const fn = template.findResources('AWS::Lambda::Function')[requestsId] as Resource;
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      MemorySize: 1024,
      Timeout: 10,
    });
    const env = envOf(template, requestsId);
    expect(env.TABLE_NAME).toEqual({ Ref: tableId });
    expect(env.SLACK_SECRET_ARN).toEqual({ Ref: slackSecretId });
    expect(env.SLACK_WORKER_FUNCTION).toEqual({ Ref: workerId });
  });

  it('puts the Slack function behind a Function URL with auth NONE, invocable by anyone only through the URL', () => {
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [requestsId, 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunctionUrl',
      Principal: '*',
      FunctionUrlAuthType: 'NONE',
      FunctionName: { 'Fn::GetAtt': [requestsId, 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: '*',
      InvokedViaFunctionUrl: true,
      FunctionName: { 'Fn::GetAtt': [requestsId, 'Arn'] },
    });
  });

  it('lets only the Slack function invoke the worker, and only the unqualified worker', () => {
    const invokes = allowStatements(template).filter((s) =>
      actionsOf(s.statement).includes('lambda:InvokeFunction'),
    );
    expect(invokes.map((s) => s.statement.Resource)).toEqual([{ 'Fn::GetAtt': [workerId, 'Arn'] }]);
    const requestsRole = (template.findResources('AWS::Lambda::Function')[requestsId] as Resource).Properties
      .Role as { 'Fn::GetAtt': [string, string] };
    expect(invokes[0]?.roles).toEqual([{ Ref: requestsRole['Fn::GetAtt'][0] }]);
    // No resource policy opens the worker to a service or another account.
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')) as Resource[];
    expect(permissions.filter((p) => JSON.stringify(p.Properties.FunctionName).includes(workerId))).toEqual(
      [],
    );
  });

  it('gives the worker the table and the Slack secret (uploads, the outbox), no URL, no retries, lost jobs in its DLQ', () => {
    const env = envOf(template, workerId);
    expect(env.TABLE_NAME).toEqual({ Ref: tableId });
    expect(env.SLACK_SECRET_ARN).toEqual({ Ref: slackSecretId });
    expect(env.SLACK_WORKER_FUNCTION).toBeUndefined();
    expect(
      template.findResources('AWS::Lambda::Url', {
        Properties: { TargetFunctionArn: { 'Fn::GetAtt': [workerId, 'Arn'] } },
      }),
    ).toEqual({});
    const workerRole = (template.findResources('AWS::Lambda::Function')[workerId] as Resource).Properties
      .Role as { 'Fn::GetAtt': [string, string] };
    const workerActions = allowStatements(template)
      .filter((s) => JSON.stringify(s.roles).includes(workerRole['Fn::GetAtt'][0]))
      .flatMap((s) => actionsOf(s.statement));
    // Only the Slack secret: the trigger secret is the triggers function's alone (below).
    const workerSecrets = allowStatements(template)
      .filter((s) => JSON.stringify(s.roles).includes(workerRole['Fn::GetAtt'][0]))
      .filter((s) => actionsOf(s.statement).includes('secretsmanager:GetSecretValue'))
      .map((s) => s.statement.Resource);
    expect(workerSecrets).toEqual([{ Ref: slackSecretId }]);
    expect(workerActions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query']));
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: workerId },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 1800,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [workerQueueId, 'Arn'] } } },
    });
  });

  it('alarms on the Slack function’s and the worker’s errors and the worker’s dead letters', () => {
    for (const id of [requestsId, workerId])
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: id } }],
        Threshold: 2,
      });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [workerQueueId, 'QueueName'] } }],
    });
  });

  it('outputs the request URL to paste into Slack, the worker DLQ, and a command that fills both secret keys', () => {
    const urlId = onlyId(template, 'AWS::Lambda::Url', 'SlackAppRequests');
    template.hasOutput('SlackRequestUrl', { Value: { 'Fn::GetAtt': [urlId, 'FunctionUrl'] } });
    template.hasOutput('SlackWorkerDeadLetterQueueUrl', { Value: { Ref: workerQueueId } });
    template.hasOutput('SlackTokenCommand', {
      Value: {
        'Fn::Join': [
          '',
          [
            'aws secretsmanager put-secret-value --secret-id ',
            { Ref: slackSecretId },
            ` --secret-string '{"botToken":"xoxb-REPLACE-ME","signingSecret":"REPLACE-ME"}'`,
          ],
        ],
      },
    });
  });
});

describe('Stack: Lookout triggers', () => {
  let template: Template;
  let fnId: string;
  let queueId: string;
  let secretId: string;

  beforeAll(() => {
    template = Template.fromStack(buildTestApp({ configFile: CONFIG_FILE }).stack);
    fnId = onlyId(template, 'AWS::Lambda::Function', 'TriggersHandler');
    queueId = onlyId(template, 'AWS::SQS::Queue', 'TriggersDeadLetterQueue');
    secretId = onlyId(template, 'AWS::SecretsManager::Secret', 'TriggersSecret');
  });

  it('runs 30 s (it stops 15 s before its deadline) with its own secret, the table and the Slack secret', () => {
    const fn = template.findResources('AWS::Lambda::Function')[fnId] as Resource;
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Timeout: 30 });
    const env = envOf(template, fnId);
    expect(env.TRIGGER_SECRET_ARN).toEqual({ Ref: secretId });
    expect(env.TABLE_NAME).toBeDefined();
    expect(env.SLACK_SECRET_ARN).toBeDefined();
    const reads = allowStatements(template).filter(
      (s) =>
        actionsOf(s.statement).includes('secretsmanager:GetSecretValue') &&
        [s.statement.Resource].flat().some((r) => JSON.stringify(r) === JSON.stringify({ Ref: secretId })),
    );
    // Only the triggers function reads the trigger secret: not the Slack function, not the probe.
    expect(reads).toHaveLength(1);
    const role = fn.Properties.Role as { 'Fn::GetAtt': [string, string] };
    expect(reads[0]?.roles).toEqual([{ Ref: role['Fn::GetAtt'][0] }]);
  });

  it('creates the trigger secret with an empty placeholder for each sender', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      SecretString: '{"triggerSecret":"","pagerdutySecrets":"","alertmanagerToken":""}',
    });
    template.hasOutput('TriggerSecretArn', { Value: { Ref: secretId } });
  });

  it('puts the function behind a Function URL with auth NONE and outputs it', () => {
    const urlId = onlyId(template, 'AWS::Lambda::Url', 'TriggersHandler');
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [fnId, 'Arn'] },
    });
    template.hasOutput('TriggerUrl', { Value: { 'Fn::GetAtt': [urlId, 'FunctionUrl'] } });
  });

  it('takes lookout.trigger events from the default bus, lost ones (and failed runs) in its DLQ', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: [TRIGGER_EVENTBRIDGE_SOURCE] },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
          RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 4 },
        }),
      ],
    });
    const [rule] = Object.values(
      template.findResources('AWS::Events::Rule', {
        Properties: { EventPattern: { source: [TRIGGER_EVENTBRIDGE_SOURCE] } },
      }),
    ) as Resource[];
    expect(rule?.Properties.EventBusName).toBeUndefined();
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    template.hasOutput('TriggersDeadLetterQueueUrl', { Value: { Ref: queueId } });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
    });
  });
});

describe('Stack: Lookout restore from Slack (route53.restoreFromSlack)', () => {
  const changeActions = (template: Template) =>
    allowStatements(template)
      .flatMap((s) => actionsOf(s.statement))
      .filter((a) => /^route53:change/i.test(a));

  function route53Stack(): LookoutStack {
    const file = writeTempConfig(
      `targets:\n  - name: example.com\nroute53:\n  zones:\n    - id: ${ZONE_A}\n    - id: ${ZONE_B}\n`,
    );
    return buildTestApp({ configFile: file }).stack;
  }

  it('grants no route53:Change* anywhere without the key, with or without route53', () => {
    const plain = Template.fromStack(buildTestApp({ configFile: CONFIG_FILE }).stack);
    expect(changeActions(plain)).toEqual([]);
    const withZones = route53Stack();
    expect(changeActions(Template.fromStack(withZones))).toEqual([]);
    expect(JSON.stringify(Template.fromStack(withZones).toJSON())).not.toMatch(/route53:Change/i);
    expect(withZones.lookout.slackApp.restorePolicy).toBeUndefined();
    expect(withZones.lookout.config.route53?.restoreFromSlack).toBe(false);
  });

  it('with restoreFromSlack, gives the worker alone the restore on exactly the configured zones', () => {
    const file = writeTempConfig(
      `targets:\n  - name: example.com\nroute53:\n  restoreFromSlack: true\n  zones:\n    - id: ${ZONE_A}\n    - id: ${ZONE_B}\n`,
    );
    const { app, stack } = buildTestApp({ configFile: file, nag: true });
    const template = Template.fromStack(stack);

    const changes = allowStatements(template).filter((s) =>
      actionsOf(s.statement).some((a) => /^route53:change/i.test(a)),
    );
    expect(changes).toHaveLength(1);
    expect(actionsOf(changes[0]?.statement as Statement).sort()).toEqual([
      'route53:ChangeResourceRecordSets',
      'route53:ListResourceRecordSets',
    ]);
    expect(changes[0]?.statement.Resource).toEqual([
      `arn:aws:route53:::hostedzone/${ZONE_A}`,
      `arn:aws:route53:::hostedzone/${ZONE_B}`,
    ]);
    const workerId = onlyId(template, 'AWS::Lambda::Function', 'SlackAppWorker');
    const workerRole = (template.findResources('AWS::Lambda::Function')[workerId] as Resource).Properties
      .Role as { 'Fn::GetAtt': [string, string] };
    expect(changes[0]?.roles).toEqual([{ Ref: workerRole['Fn::GetAtt'][0] }]);
    // Waiting for INSYNC: the change's status, on change ARNs only, in the same policy.
    const policy = allowStatements(template).filter((s) => s.policyId === changes[0]?.policyId);
    expect(policy.map((s) => s.statement)).toContainEqual(
      expect.objectContaining({ Action: 'route53:GetChange', Resource: 'arn:aws:route53:::change/*' }),
    );
    // Verifying with Route 53's own name servers: TestDNSAnswer has no resource-level permissions.
    expect(policy.map((s) => s.statement)).toContainEqual(
      expect.objectContaining({ Action: 'route53:TestDNSAnswer', Resource: '*' }),
    );

    // The worker plans the restore for the confirmation modal too: the Slack function gets no Route 53 at all.
    const requestsId = onlyId(template, 'AWS::Lambda::Function', 'SlackAppRequests');
    const requestsRole = (template.findResources('AWS::Lambda::Function')[requestsId] as Resource).Properties
      .Role as { 'Fn::GetAtt': [string, string] };
    const requestsRoute53 = allowStatements(template)
      .filter((s) => JSON.stringify(s.roles).includes(requestsRole['Fn::GetAtt'][0]))
      .filter((s) => actionsOf(s.statement).some((a) => a.startsWith('route53:')));
    expect(requestsRoute53).toEqual([]);

    // cdk-nag stays clean: the change/* wildcard is acknowledged with its reason, nothing else is new.
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`)).toEqual(
      [],
    );
    expect(() => app.synth()).not.toThrow();
  });
});

describe('Stack: Lookout caps the functions behind the auth-NONE Function URLs (reserved concurrency)', () => {
  const CONFIG = { slack: { channel: 'C0ALERTS' }, targets: [{ name: 'api.example.com' }] };

  function reservedOf(template: Template): Record<string, unknown> {
    const fns = template.findResources('AWS::Lambda::Function') as Record<string, Resource>;
    // In a stack of its own the construct's ids carry no prefix; inside another stack, its id's.
    const byPrefix = (prefix: string) => {
      const ids = Object.keys(fns).filter((k) => new RegExp(`^(Lookout)?${prefix}`).test(k));
      expect(ids).toHaveLength(1);
      return fns[ids[0] as string]?.Properties.ReservedConcurrentExecutions;
    };
    return {
      requests: byPrefix('SlackAppRequests'),
      triggers: byPrefix('TriggersHandler'),
      worker: byPrefix('SlackAppWorker'),
      probe: byPrefix('ProbingProbe'),
    };
  }

  function lookoutTemplate(props: Partial<LookoutProps>): Template {
    const stack = new Stack(new App(), 'Platform');
    new Lookout(stack, 'Lookout', { config: CONFIG, bundling: false, ...props });
    return Template.fromStack(stack);
  }

  it("reserves nothing by default (a new account's quota could not hold it), the recommended caps when asked", () => {
    const template = Template.fromStack(buildTestApp({ configFile: CONFIG_FILE }).stack);
    expect(reservedOf(template)).toEqual({
      requests: undefined,
      triggers: undefined,
      worker: undefined,
      probe: undefined,
    });
    expect([SLACK_REQUESTS_RESERVED_CONCURRENCY, TRIGGERS_RESERVED_CONCURRENCY]).toEqual([10, 5]);
    const capped = lookoutTemplate({
      slackRequestsReservedConcurrency: SLACK_REQUESTS_RESERVED_CONCURRENCY,
      triggersReservedConcurrency: TRIGGERS_RESERVED_CONCURRENCY,
    });
    expect(reservedOf(capped)).toMatchObject({ requests: 10, triggers: 5, worker: undefined });
  });

  it('takes other numbers, or false for no reservation, through the construct and the stack', () => {
    expect(
      reservedOf(lookoutTemplate({ slackRequestsReservedConcurrency: 3, triggersReservedConcurrency: 2 })),
    ).toMatchObject({ requests: 3, triggers: 2 });
    expect(
      reservedOf(
        lookoutTemplate({ slackRequestsReservedConcurrency: false, triggersReservedConcurrency: false }),
      ),
    ).toMatchObject({ requests: undefined, triggers: undefined });
    const stack = new LookoutStack(new App(), 'Lookout', {
      config: configSchema.parse(CONFIG),
      configSource: 'lookout.config.yaml',
      bundling: false,
      slackRequestsReservedConcurrency: 4,
      triggersReservedConcurrency: false,
    });
    expect(reservedOf(Template.fromStack(stack))).toMatchObject({ requests: 4, triggers: undefined });
  });

  it('refuses 0 (a function that never runs) and a fraction at synth, naming the setting', () => {
    expect(() => lookoutTemplate({ slackRequestsReservedConcurrency: 0 })).toThrow(
      expect.objectContaining({
        name: 'ConfigError',
        message: expect.stringMatching(/^slackRequestsReservedConcurrency: 0 /),
      }),
    );
    expect(() => lookoutTemplate({ triggersReservedConcurrency: 1.5 })).toThrow(
      /^triggersReservedConcurrency: 1.5 /,
    );
  });
});

describe('App: reserved concurrency from cdk context (-c)', () => {
  function reserved(context: Record<string, unknown>): unknown[] {
    const template = Template.fromStack(buildTestApp({ configFile: CONFIG_FILE, context }).stack);
    const fns = template.findResources('AWS::Lambda::Function') as Record<string, Resource>;
    return ['SlackAppRequests', 'TriggersHandler'].map((prefix) => {
      const id = onlyId(template, 'AWS::Lambda::Function', prefix);
      return fns[id]?.Properties.ReservedConcurrentExecutions;
    });
  }

  it('reads "false" and numbers as -c gives them (strings) and as cdk.json gives them', () => {
    expect(reserved({ slackRequestsReservedConcurrency: 'false', triggersReservedConcurrency: '3' })).toEqual(
      [undefined, 3],
    );
    expect(reserved({ slackRequestsReservedConcurrency: 7, triggersReservedConcurrency: false })).toEqual([
      7,
      undefined,
    ]);
  });

  it('refuses a value that is neither a whole number nor false, naming the context key', () => {
    expect(() => reserved({ triggersReservedConcurrency: 'none' })).toThrow(
      expect.objectContaining({
        name: 'ConfigError',
        message: expect.stringMatching(/^triggersReservedConcurrency \(cdk context\): "none" /),
      }),
    );
  });
});
