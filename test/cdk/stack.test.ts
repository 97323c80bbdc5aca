import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../lambda/config/load-config.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import { tableDefinition } from '../../lambda/store/table.js';
import { buildTestApp, CONFIG_FILE, compiledSetupIn, tempDir, writeTempConfig } from './support.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

describe('Stack: Lookout', () => {
  let template: Template;
  let probeId: string;
  let probe: Resource;
  let queueId: string;
  let tableId: string;
  let secretId: string;
  let outdir: string;

  // One synth for the whole file: a template is read-only, so sharing it is safe and keeps this fast.
  beforeAll(() => {
    const built = buildTestApp({ configFile: CONFIG_FILE });
    template = Template.fromStack(built.stack);
    outdir = built.outdir;
    // The probe's function and queue, beside the AWS Health handler's (health.test.ts).
    const only = (type: string, idPrefix = ''): [string, Resource] => {
      const found = Object.entries(template.findResources(type) as Record<string, Resource>).filter(([id]) =>
        id.startsWith(idPrefix),
      );
      expect(found).toHaveLength(1);
      return found[0] as [string, Resource];
    };
    [probeId, probe] = only('AWS::Lambda::Function', 'Probing');
    [queueId] = only('AWS::SQS::Queue', 'Probing');
    [tableId] = only('AWS::DynamoDB::Table');
    // The Slack secret, beside the triggers' (slack-app.test.ts).
    [secretId] = only('AWS::SecretsManager::Secret', 'Slack');
  });

  it('runs the probe on Node 24, ARM64, with X-Ray, 75 s and 256 MB', () => {
    expect(probe.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Timeout: 75,
      MemorySize: 256,
    });
  });

  it('gives the probe the environment its handler reads, and its config and runbooks compiled at synth', () => {
    const env = (probe.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.TABLE_NAME).toEqual({ Ref: tableId });
    expect(env.SLACK_SECRET_ARN).toEqual({ Ref: secretId });
    expect(env.POWERTOOLS_SERVICE_NAME).toBe('lookout');
    expect(env.NODE_OPTIONS).toBe('--enable-source-maps');
    // Config and runbooks travel in the asset (see bundle.test.ts), not in the 4 KB environment.
    expect(env.LOOKOUT_CONFIG).toBeUndefined();
    expect(env.RUNBOOK_DIR).toBeUndefined();
    const setup = compiledSetupIn(outdir);
    expect(setup.source).toBe(CONFIG_FILE);
    expect(setup.config).toEqual(loadConfigFile(CONFIG_FILE));
    expect(setup.runbooks).toEqual(loadRunbooks());
  });

  it('invokes the probe every minute, with the dead-letter queue for failed deliveries', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [probeId, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
          RetryPolicy: { MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 2 },
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [probeId, 'Arn'] },
    });
  });

  it('sends failed async probe runs to the encrypted, SSL-only dead-letter queue without retrying them', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: probeId },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1_209_600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('keeps the table on demand with PITR, TTL on expiresAt and GSI1, and retains it', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('declares the same keys and index as the repositories create locally', () => {
    const local = tableDefinition('t');
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: local.KeySchema,
      AttributeDefinitions: Match.arrayWith(local.AttributeDefinitions ?? []),
      GlobalSecondaryIndexes: local.GlobalSecondaryIndexes,
    });
  });

  it('writes probe logs to its own log group kept for a month', () => {
    const [logGroupId] = Object.keys(
      template.findResources('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 30 } }),
    );
    expect(logGroupId).toBeDefined();
    expect(probe.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: logGroupId } });
  });

  it('creates the Slack secret with an empty token the probe may read', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', { SecretString: '{"botToken":""}' });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['secretsmanager:GetSecretValue']),
            Resource: { Ref: secretId },
          }),
        ]),
      },
    });
  });

  it('grants no wildcard action and nothing that can change Route 53', () => {
    const allowed: string[] = [];
    for (const resource of Object.values(template.toJSON().Resources as Record<string, Resource>)) {
      const documents = [
        resource.Properties?.PolicyDocument,
        ...((resource.Properties?.Policies as { PolicyDocument: unknown }[] | undefined) ?? []).map(
          (p) => p.PolicyDocument,
        ),
      ];
      for (const doc of documents) {
        for (const s of (doc as { Statement?: { Effect: string; Action: string | string[] }[] })?.Statement ??
          []) {
          if (s.Effect === 'Allow') allowed.push(...[s.Action].flat());
        }
      }
    }
    expect(allowed.length).toBeGreaterThan(5);
    expect(allowed.filter((a) => a.includes('*') || /^route53:change/i.test(a))).toEqual([]);
  });

  it('alarms on lost runs, errors, runs near the 75 s timeout and a probe that stopped running', () => {
    // + 3: the AWS Health handler's dead letters, errors and invalid events (health.test.ts); + 5: the
    // Slack app's and the triggers' (slack-app.test.ts).
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4 + 3 + 5);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Duration', Threshold: 67_500 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Invocations',
      TreatMissingData: 'breaching',
    });
  });

  it('outputs the table name, secret ARN, the put-secret-value command and the DLQ URL', () => {
    template.hasOutput('TableName', { Value: { Ref: tableId } });
    template.hasOutput('SlackSecretArn', { Value: { Ref: secretId } });
    template.hasOutput('DeadLetterQueueUrl', { Value: { Ref: queueId } });
    template.hasOutput('SlackTokenCommand', {
      Value: { 'Fn::Join': ['', Match.arrayWith(['aws secretsmanager put-secret-value --secret-id '])] },
    });
  });
});

describe('Stack: Lookout config at synth', () => {
  it('stops synth on an invalid config, naming the file and the field', () => {
    const file = writeTempConfig('probe:\n  lambdaIntervalSeconds: 0\ntargets:\n  - name: example.com\n');

    expect(() => buildTestApp({ configFile: file })).toThrow(
      expect.objectContaining({
        name: 'ConfigError',
        message: expect.stringMatching(new RegExp(`${file}: probe\\.lambdaIntervalSeconds: `)),
      }),
    );
  });

  it('reads the config path from LOOKOUT_CONFIG_FILE when no context is given', () => {
    const file = writeTempConfig('targets: []\n');

    expect(() => buildTestApp({ env: { LOOKOUT_CONFIG_FILE: file } })).toThrow(
      `${file}: targets: watch at least one target`,
    );
  });

  it('compiles the runbooks from context `runbooks`, stopping synth on a bad one', () => {
    const dir = tempDir('runbooks');
    writeFileSync(join(dir, 'empty.yaml'), 'id: Empty\ntitle: t\nappliesTo: [EMPTY]\nsteps:\n  - title: s\n');

    expect(() => buildTestApp({ configFile: CONFIG_FILE, context: { runbooks: dir } })).toThrow(
      expect.objectContaining({
        name: 'RunbookError',
        message: expect.stringContaining(`${join(dir, 'empty.yaml')}: id: expected a lower-case id`),
      }),
    );
  });

  it('compiles a config far over the old 3,500-byte environment cap', () => {
    const targets = Array.from(
      { length: 60 },
      (_, i) => `  - name: service-${i}.eu-central-1.example-internal.com\n`,
    );
    const file = writeTempConfig(`targets:\n${targets.join('')}`);

    const { outdir: out } = buildTestApp({ configFile: file });
    const { config } = compiledSetupIn(out);
    expect(Buffer.byteLength(JSON.stringify(config))).toBeGreaterThan(3_500);
    expect(config.targets).toHaveLength(60);
  });
});
