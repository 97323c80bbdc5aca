import { readFileSync } from 'node:fs';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../lambda/config/load-config.js';
import { buildTestApp, CONFIG_FILE, compiledSetupIn, writeTempConfig } from './support.js';

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

const ACCOUNT = '123456789012';
const ZONE_A = 'Z0123456789ABCDEFGHIJ';
const ZONE_B = 'Z9876543210ZYXWVUTSRQ';
/** The repository's own config plus a route53 section: same targets, so only Route 53 differs. */
const ROUTE53_SECTION = `
route53:
  zones:
    - id: ${ZONE_A}
      names: [api.example.com]
    - id: /hostedzone/${ZONE_B}
      confirmWithTestDnsAnswer: false
  pollIntervalMinutes: 5
  ownPrincipals: ['arn:aws:iam::${ACCOUNT}:role/lookout-restore']
`;

/** Every read-only action the Route 53 functions may call, and nothing else. */
const ZONE_ACTIONS = [
  'route53:GetHostedZone',
  'route53:GetHostedZoneChangeBatch',
  'route53:ListHostedZoneChangeBatches',
  'route53:ListResourceRecordSets',
];
const READ_ONLY_ROUTE53 = new Set([
  ...ZONE_ACTIONS,
  'route53:ListHostedZones',
  'route53:TestDNSAnswer',
  'route53:GetChange',
]);

const EXPECTED_PATTERN = {
  source: ['aws.route53'],
  'detail-type': ['AWS API Call via CloudTrail'],
  detail: { eventSource: ['route53.amazonaws.com'], eventName: ['ChangeResourceRecordSets'] },
};

function route53Config(): string {
  return writeTempConfig(`${readFileSync(CONFIG_FILE, 'utf8')}${ROUTE53_SECTION}`);
}

function resources(template: Template): Record<string, Resource> {
  return template.toJSON().Resources as Record<string, Resource>;
}

/**
 * Allow statements of every policy document in a stack (identity and resource policies alike), or with
 * `identityOnly` just those of AWS::IAM::Policy and roles' inline policies.
 */
function allowStatements(stack: Stack, identityOnly = false): Statement[] {
  const found: Statement[] = [];
  for (const resource of Object.values(resources(Template.fromStack(stack)))) {
    if (identityOnly && !['AWS::IAM::Policy', 'AWS::IAM::Role'].includes(resource.Type)) continue;
    const documents = [
      resource.Properties?.PolicyDocument,
      ...((resource.Properties?.Policies as { PolicyDocument: unknown }[] | undefined) ?? []).map(
        (p) => p.PolicyDocument,
      ),
    ];
    for (const doc of documents) {
      for (const s of (doc as { Statement?: Statement[] })?.Statement ?? []) {
        if (s.Effect === 'Allow') found.push(s);
      }
    }
  }
  return found;
}

const actionsOf = (s: Statement) => [s.Action].flat();

function propsOf(all: Record<string, Resource>, id: string): Record<string, unknown> {
  const resource = all[id];
  if (!resource) throw new Error(`no resource ${id}`);
  return resource.Properties;
}
const roleOf = (all: Record<string, Resource>, id: string) =>
  (propsOf(all, id).Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
const envOf = (all: Record<string, Resource>, id: string) =>
  (propsOf(all, id).Environment as { Variables: Record<string, unknown> }).Variables;

describe('Stack: Lookout with route53', () => {
  let template: Template;
  let all: Record<string, Resource>;
  let pollerId: string;
  let eventsId: string;
  let pollerQueueId: string;
  let eventsQueueId: string;
  let tableId: string;
  let secretId: string;
  let built: ReturnType<typeof buildTestApp>;

  beforeAll(() => {
    built = buildTestApp({
      configFile: route53Config(),
      env: { CDK_DEFAULT_REGION: 'eu-west-1', CDK_DEFAULT_ACCOUNT: ACCOUNT },
    });
    template = Template.fromStack(built.stack);
    all = resources(template);
    const idOf = (type: string, pathPart: string): string => {
      const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(pathPart));
      expect(ids).toHaveLength(1);
      return ids[0] as string;
    };
    pollerId = idOf('AWS::Lambda::Function', 'Route53ZonePoller');
    eventsId = idOf('AWS::Lambda::Function', 'Route53ChangeEvents');
    pollerQueueId = idOf('AWS::SQS::Queue', 'Route53PollerDeadLetterQueue');
    eventsQueueId = idOf('AWS::SQS::Queue', 'Route53ChangeEventsDeadLetterQueue');
    tableId = idOf('AWS::DynamoDB::Table', 'Store');
    secretId = idOf('AWS::SecretsManager::Secret', 'Slack');
  });

  it('adds the zone poller (5 min, 512 MB) and the change-event handler (60 s) with Lookout defaults', () => {
    // The probe, these two, the AWS Health handler (on by default; see health.test.ts), and the Slack
    // app's two and the triggers' (slack-app.test.ts).
    template.resourceCountIs('AWS::Lambda::Function', 4 + 3);
    const common = { Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } };
    expect(all[pollerId]?.Properties).toMatchObject({ ...common, Timeout: 300, MemorySize: 512 });
    expect(all[eventsId]?.Properties).toMatchObject({ ...common, Timeout: 60 });
  });

  it('gives both functions the probe environment (table, Slack secret) and compiles route53 into their setup', () => {
    const config = loadConfigFile(built.stack.node.tryGetContext('config') as string);
    for (const id of [pollerId, eventsId]) {
      const env = envOf(all, id);
      expect(env.TABLE_NAME).toEqual({ Ref: tableId });
      expect(env.SLACK_SECRET_ARN).toEqual({ Ref: secretId });
      // Config and runbooks travel in the asset, compiled at synth, not in the 4 KB environment.
      expect(env.LOOKOUT_CONFIG).toBeUndefined();
      expect(env.RUNBOOK_DIR).toBeUndefined();
    }
    const { config: compiled } = compiledSetupIn(built.outdir);
    expect(compiled).toEqual(config);
    expect(compiled.route53?.zones.map((z) => z.id)).toEqual([ZONE_A, ZONE_B]);
  });

  it('polls on rate(pollIntervalMinutes), the next tick being the retry, failures in the poller DLQ', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [pollerId, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [pollerQueueId, 'Arn'] } },
          RetryPolicy: { MaximumEventAgeInSeconds: 300, MaximumRetryAttempts: 2 },
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: pollerId },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 300,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [pollerQueueId, 'Arn'] } } },
    });
  });

  it('matches exactly the CloudTrail ChangeResourceRecordSets events of Route 53 on the default bus', () => {
    // Beside the AWS Health rule (health.test.ts) and the triggers' (slack-app.test.ts), not Route 53's.
    const rules = Object.entries(template.findResources('AWS::Events::Rule'))
      .filter(([id]) => !id.startsWith('Health') && !id.startsWith('Triggers'))
      .map(([, rule]) => rule) as Resource[];
    const changeRules = rules.filter((r) => r.Properties.EventPattern !== undefined);
    expect(changeRules).toHaveLength(1);
    const rule = changeRules[0] as Resource;
    expect(rule.Properties.EventPattern).toEqual(EXPECTED_PATTERN);
    // No EventBusName: the default bus, where Route 53 events arrive (directly or forwarded).
    expect(rule.Properties.EventBusName).toBeUndefined();
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [eventsId, 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [eventsQueueId, 'Arn'] } },
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 4 },
      }),
    ]);
  });

  it('sends change events that fail in the handler (e.g. validation) to their DLQ with the error', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: eventsId },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [eventsQueueId, 'Arn'] } } },
    });
    for (const id of [pollerQueueId, eventsQueueId]) {
      expect(all[id]?.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 1_209_600,
      });
    }
  });

  it('grants the two functions only read-only Route 53 actions, zone actions scoped to the zone ARNs', () => {
    const route53 = allowStatements(built.stack).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('route53:')),
    );
    expect(route53.map((s) => ({ Action: [s.Action].flat().sort(), Resource: s.Resource }))).toEqual([
      {
        Action: ZONE_ACTIONS,
        Resource: [`arn:aws:route53:::hostedzone/${ZONE_A}`, `arn:aws:route53:::hostedzone/${ZONE_B}`],
      },
      { Action: ['route53:ListHostedZones', 'route53:TestDNSAnswer'], Resource: '*' },
      { Action: ['route53:GetChange'], Resource: 'arn:aws:route53:::change/*' },
    ]);
    // Those statements live in two policies attached to exactly the poller's and the handler's roles.
    const expectedRoles = [{ Ref: roleOf(all, pollerId) }, { Ref: roleOf(all, eventsId) }];
    const policies = Object.values(
      template.findResources('AWS::IAM::Policy') as Record<string, Resource>,
    ).filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes('route53:'));
    expect(policies).toHaveLength(2);
    for (const p of policies) expect(p.Properties.Roles).toEqual(expectedRoles);
    // Both functions wait for their Route 53 permissions.
    for (const id of [pollerId, eventsId]) {
      expect(all[id]?.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^Route53ZoneRead/)]));
      expect(all[id]?.DependsOn).toEqual(
        expect.arrayContaining([expect.stringMatching(/^Route53AccountRead/)]),
      );
    }
  });

  it('grants the new functions the table through the store helper and the Slack secret read', () => {
    for (const id of [pollerId, eventsId]) {
      const roleId = roleOf(all, id);
      const [policy] = Object.values(
        template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }) as Record<
          string,
          Resource
        >,
      ).filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes('dynamodb:'));
      expect(policy?.Properties.PolicyDocument).toMatchObject({
        Statement: expect.arrayContaining([
          expect.objectContaining({ Action: expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query']) }),
          expect.objectContaining({
            Action: expect.arrayContaining(['secretsmanager:GetSecretValue']),
            Resource: { Ref: secretId },
          }),
        ]),
      });
    }
  });

  it('has no Route 53 write permission anywhere, in either stack', () => {
    const stacks = [built.stack, built.route53Events as Stack];
    const allowed = stacks.flatMap((s) => allowStatements(s).flatMap(actionsOf));
    expect(allowed.length).toBeGreaterThan(20);
    const route53 = allowed.filter((a) => /^route53/i.test(a) || a === '*');
    expect(route53.filter((a) => !READ_ONLY_ROUTE53.has(a))).toEqual([]);
    expect(
      allowed.filter((a) => /^route53[a-z-]*:(change|create|delete|update|associate|disassociate)/i.test(a)),
    ).toEqual([]);
  });

  it('alarms on errors and dead letters of both new functions, and on a poller that stopped', () => {
    // + 3: the AWS Health handler's (health.test.ts); + 5: the Slack app's and the triggers' (slack-app.test.ts).
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4 + 5 + 3 + 5);
    for (const queueId of [pollerQueueId, eventsQueueId]) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        Threshold: 1,
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: pollerId } }],
      Period: 300,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: eventsId } }],
      Threshold: 2,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Invocations',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: pollerId } }],
      Period: 600,
      TreatMissingData: 'breaching',
    });
  });

  it('outputs both new DLQ URLs', () => {
    template.hasOutput('ZonePollerDeadLetterQueueUrl', { Value: { Ref: pollerQueueId } });
    template.hasOutput('ChangeEventsDeadLetterQueueUrl', { Value: { Ref: eventsQueueId } });
  });

  it('adds resources without changing any existing one (route53 reaches the probe in its compiled setup)', () => {
    const base = resources(
      Template.fromStack(
        buildTestApp({
          configFile: CONFIG_FILE,
          env: { CDK_DEFAULT_REGION: 'eu-west-1', CDK_DEFAULT_ACCOUNT: ACCOUNT },
        }).stack,
      ),
    );
    for (const [id, resource] of Object.entries(base)) {
      const now = structuredClone(all[id]);
      expect(now, id).toBeDefined();
      expect(now, id).toEqual(resource);
    }
  });

  it('forwards from us-east-1 to the default bus of Lookout’s region, only PutEvents on that bus', () => {
    const forwarder = built.route53Events as Stack;
    expect(forwarder.stackName).toBe('LookoutRoute53Events');
    expect(forwarder.region).toBe('us-east-1');
    expect(forwarder.account).toBe(ACCOUNT);
    expect(forwarder.dependencies.map((d) => d.stackName)).toEqual(['Lookout']);

    const f = Template.fromStack(forwarder);
    const busArn = `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/default`;
    const [rule] = Object.values(f.findResources('AWS::Events::Rule')) as Resource[];
    f.resourceCountIs('AWS::Events::Rule', 1);
    expect(rule?.Properties.EventPattern).toEqual(EXPECTED_PATTERN);
    expect(rule?.Properties.EventBusName).toBeUndefined();
    const [queueId] = Object.keys(f.findResources('AWS::SQS::Queue'));
    const [roleId] = Object.keys(f.findResources('AWS::IAM::Role'));
    expect(rule?.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: busArn,
        RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
      }),
    ]);
    f.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'events.amazonaws.com' } })],
      },
    });
    expect(allowStatements(forwarder, true).map((s) => ({ Action: s.Action, Resource: s.Resource }))).toEqual(
      [{ Action: 'events:PutEvents', Resource: busArn }],
    );
    f.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
    });
    f.resourceCountIs('AWS::Lambda::Function', 0);
  });
});

describe('Stack: Lookout route53 variants', () => {
  it('keeps the stack as it was without route53: no Route 53 stack, nothing of Route 53', () => {
    const { app, stack, route53Events } = buildTestApp({
      configFile: CONFIG_FILE,
      env: { CDK_DEFAULT_REGION: 'eu-west-1' },
    });
    expect(route53Events).toBeUndefined();
    // Only the AWS Health forwarding stacks beside it (health.test.ts).
    expect(app.node.children.filter((c) => c.node.id !== 'Tree').map((c) => c.node.id)).toEqual([
      'Lookout',
      'LookoutHealthEvents-us-east-1',
      'LookoutHealthEvents-us-west-2',
    ]);
    const template = Template.fromStack(stack);
    // The probe, the AWS Health handler and the triggers, each with its rule, and the Slack app's two.
    template.resourceCountIs('AWS::Lambda::Function', 5);
    template.resourceCountIs('AWS::Events::Rule', 3);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/route53/i);
  });

  it('polls every minute with rate(1 minute) and omits TestDNSAnswer when no zone confirms', () => {
    const file = writeTempConfig(
      `targets:\n  - name: example.com\nroute53:\n  pollIntervalMinutes: 1\n  zones:\n    - id: ${ZONE_A}\n      confirmWithTestDnsAnswer: false\n`,
    );
    const { stack } = buildTestApp({ configFile: file, env: { CDK_DEFAULT_REGION: 'eu-west-1' } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
    const actions = allowStatements(stack)
      .flatMap(actionsOf)
      .filter((a) => a.startsWith('route53:'));
    expect(actions).not.toContain('route53:TestDNSAnswer');
    expect(new Set(actions)).toEqual(
      new Set([...READ_ONLY_ROUTE53].filter((a) => a !== 'route53:TestDNSAnswer')),
    );
  });

  it('adds no forwarding stack when Lookout itself runs in us-east-1', () => {
    const { app, route53Events, stack } = buildTestApp({
      configFile: route53Config(),
      env: { CDK_DEFAULT_REGION: 'us-east-1' },
    });
    expect(route53Events).toBeUndefined();
    expect(app.node.findAll().filter((c) => c.node.id === 'LookoutRoute53Events')).toEqual([]);
    expect(stack.region).toBe('us-east-1');
  });

  it('takes the region from context `region` before CDK_DEFAULT_REGION, forwarding to that region', () => {
    const { stack, route53Events } = buildTestApp({
      configFile: route53Config(),
      env: { CDK_DEFAULT_REGION: 'us-east-1' },
      context: { region: 'ap-southeast-2' },
    });
    expect(stack.region).toBe('ap-southeast-2');
    const [rule] = Object.values(
      Template.fromStack(route53Events as Stack).findResources('AWS::Events::Rule'),
    ) as Resource[];
    // Account unknown at synth: the forwarding stack's own account, which is Lookout's.
    expect(rule?.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: {
          'Fn::Join': [
            '',
            ['arn:aws:events:ap-southeast-2:', { Ref: 'AWS::AccountId' }, ':event-bus/default'],
          ],
        },
      }),
    ]);
  });

  it('stops synth when route53 is configured but the region is unknown, saying how to set it', () => {
    const file = route53Config();
    expect(() => buildTestApp({ configFile: file, env: {} })).toThrow(
      expect.objectContaining({
        name: 'ConfigError',
        message: expect.stringMatching(new RegExp(`^${file}: route53: .*us-east-1.*-c region=`)),
      }),
    );
  });
});
