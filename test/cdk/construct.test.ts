import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { Lookout } from '../../lib/index.js';
import { cdkJsonContext, compiledSetupIn, REPO_ROOT, tempDir, writeTempConfig } from './support.js';

const run = promisify(execFile);
type Resource = { Type: string; Properties: Record<string, unknown> };

/** A stack Lookout knows nothing about, holding its owner's own table, topic and secret. */
function foreignStack() {
  const outdir = tempDir('foreign');
  const app = new App({ context: cdkJsonContext(), outdir, builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Platform', { env: { account: '123456789012', region: 'eu-west-1' } });
  const table = new dynamodb.Table(stack, 'SharedTable', {
    partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'SK', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  });
  const topic = new sns.Topic(stack, 'OnCall');
  return { app, stack, table, topic, outdir };
}

describe('Lookout construct in a foreign stack', () => {
  let template: Template;
  let ids: { table: string; topic: string; secret: string };
  let outdir: string;
  let lookout: Lookout;

  beforeAll(() => {
    const foreign = foreignStack();
    outdir = foreign.outdir;
    const slackSecret = secretsmanager.Secret.fromSecretCompleteArn(
      foreign.stack,
      'Token',
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:platform/slack-AbCdEf',
    );
    // An inline config with the defaults left out, as a person would write it in their own app.
    lookout = new Lookout(foreign.stack, 'Lookout', {
      config: { slack: { channel: 'C0PLATFORM' }, targets: [{ name: 'api.example.com' }] },
      table: foreign.table,
      alarmTopic: foreign.topic,
      slackSecret,
      bundling: false,
    });
    lookout.grantTableReadWrite(
      new iam.Role(foreign.stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() }),
    );
    template = Template.fromStack(foreign.stack);
    const only = (type: string) => {
      const found = Object.keys(template.findResources(type));
      expect(found).toHaveLength(1);
      return found[0] as string;
    };
    ids = {
      table: only('AWS::DynamoDB::Table'),
      topic: only('AWS::SNS::Topic'),
      secret: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:platform/slack-AbCdEf',
    };
  });

  it('uses the given table and secret instead of creating its own, and wires the probe to them', () => {
    // Only the triggers' own secret, which is never the Slack one.
    expect(Object.keys(template.findResources('AWS::SecretsManager::Secret'))).toEqual([
      expect.stringMatching(/^LookoutTriggersSecret/),
    ]);
    // The probe's, beside the AWS Health handler (health.test.ts), wired the same way.
    const functions = Object.entries(template.findResources('AWS::Lambda::Function'))
      .filter(([id]) => id.startsWith('LookoutProbing'))
      .map(([, fn]) => fn) as Resource[];
    expect(functions).toHaveLength(1);
    const probe = functions[0] as Resource;
    const env = (probe.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.TABLE_NAME).toEqual({ Ref: ids.table });
    expect(env.SLACK_SECRET_ARN).toBe(ids.secret);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['dynamodb:PutItem', 'dynamodb:Query']),
            Resource: [
              { 'Fn::GetAtt': [ids.table, 'Arn'] },
              { 'Fn::Join': ['', [{ 'Fn::GetAtt': [ids.table, 'Arn'] }, '/index/GSI1']] },
            ],
          }),
          Match.objectLike({
            Action: Match.arrayWith(['secretsmanager:GetSecretValue']),
            Resource: ids.secret,
          }),
        ]),
      },
    });
  });

  it('grants item read/write on the table to any grantee, e.g. an operator role for the CLI', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
    const operator = policies.filter((p) => JSON.stringify(p.Properties.Roles).includes('Operator'));
    expect(operator).toHaveLength(1);
    expect(JSON.stringify(operator[0]?.Properties.PolicyDocument)).toContain('dynamodb:UpdateItem');
  });

  it('sends every alarm and its recovery to the given topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[];
    // The probe's 4, the AWS Health handler's 3, the Slack app's 3 and the triggers' 2.
    expect(alarms).toHaveLength(4 + 3 + 3 + 2);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: ids.topic }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: ids.topic }]);
    }
  });

  it('writes no outputs into the stack that holds it', () => {
    expect(template.toJSON().Outputs).toBeUndefined();
  });

  it('compiles the inline config with its defaults filled in', () => {
    const { config, source } = compiledSetupIn(outdir);
    expect(source).toBe('config');
    expect(config).toEqual(lookout.config);
    expect(config.targets).toEqual([{ name: 'api.example.com', type: 'A', mode: 'pool' }]);
    expect(config.detection.emptyAfterProbes).toBe(2);
  });
});

describe('Lookout construct: config and runbooks checked at synth', () => {
  it('refuses an invalid inline config, naming the field', () => {
    const { stack } = foreignStack();
    expect(
      () =>
        new Lookout(stack, 'Lookout', {
          config: { targets: [{ name: 'example.com' }], probe: { timeoutMs: 5 } },
          configSource: 'platform.ts',
          bundling: false,
        }),
    ).toThrow(
      expect.objectContaining({
        name: 'ConfigError',
        message: expect.stringContaining('platform.ts: probe.timeoutMs: '),
      }),
    );
  });

  it('refuses a runbook with a mistake, naming its file and field', () => {
    const dir = tempDir('runbooks');
    writeFileSync(
      join(dir, 'dns.yaml'),
      'id: dns-empty\ntitle: Empty\nappliesTo: [NOPE]\nsteps:\n  - title: Look\n',
    );
    const { stack } = foreignStack();
    expect(
      () =>
        new Lookout(stack, 'Lookout', {
          config: { targets: [{ name: 'example.com' }] },
          runbooksDir: dir,
          bundling: false,
        }),
    ).toThrow(
      expect.objectContaining({
        name: 'RunbookError',
        message: expect.stringContaining(`${join(dir, 'dns.yaml')}: appliesTo.0: `),
      }),
    );
  });

  it('`cdk synth` stops on a bad config with the field named and no stack trace', async () => {
    const file = writeTempConfig('probe:\n  lambdaIntervalSeconds: 0\ntargets:\n  - name: example.com\n');
    const outdir = tempDir('cdk-out');
    mkdirSync(outdir, { recursive: true });
    // What the CDK CLI does for `cdk synth -c config=<file>`: run the app with context in the environment.
    const failed = await run(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'bin/app.ts')], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, CDK_CONTEXT_JSON: JSON.stringify({ config: file }), CDK_OUTDIR: outdir },
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );

    expect(failed?.code).toBe(1);
    const lines = failed?.stderr.trim().split('\n') ?? [];
    expect(lines.filter((l) => l.includes('probe.lambdaIntervalSeconds'))).toEqual([
      `  ${file}: probe.lambdaIntervalSeconds: Too small: expected number to be >=1`,
    ]);
    expect(lines.filter((l) => /^\s+at /.test(l))).toEqual([]);
    expect(lines).toHaveLength(2);
  });
});
