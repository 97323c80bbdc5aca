import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { buildTestApp, CONFIG_FILE, tempDir, writeTempConfig } from './support.js';

/** Every acknowledgement in the tree, as `path: id` → reason. */
function acknowledgements(root: IConstruct): Map<string, string> {
  const found = new Map<string, string>();
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.set(`${construct.node.path}: ${id.replace(/^annotation::/i, '')}`, reason);
      }
    }
  }
  return found;
}

/**
 * The Slack app's and the triggers' acknowledgements, in every configuration. Their Function URLs (auth
 * NONE: the senders' signatures are the authentication) raise no AwsSolutions finding, so none is here.
 */
const SLACK_APP_AND_TRIGGERS = [
  'Lookout/Default/SlackApp/Requests/XRayWrite: AwsSolutions-IAM5[Resource::*]',
  'Lookout/Default/SlackApp/Worker/XRayWrite: AwsSolutions-IAM5[Resource::*]',
  'Lookout/Default/SlackApp/WorkerDeadLetterQueue: AwsSolutions-SQS3',
  'Lookout/Default/Triggers/DeadLetterQueue: AwsSolutions-SQS3',
  'Lookout/Default/Triggers/Handler/XRayWrite: AwsSolutions-IAM5[Resource::*]',
  'Lookout/Default/Triggers/Secret: AwsSolutions-SMG4',
];

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged, errors or warnings, and synth passes with the plugin', () => {
    const { app, outdir, healthEvents } = buildTestApp({ configFile: CONFIG_FILE, nag: true });
    expect(healthEvents.map((s) => s.stackName)).toEqual([
      'LookoutHealthEvents-us-east-1',
      'LookoutHealthEvents-us-west-2',
    ]);

    // validateScope lists warnings too, which CDK's report would show without failing synth.
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`)).toEqual(
      [],
    );
    expect(() => app.synth()).not.toThrow();
    const reportFile = join(outdir, 'validation-report.json');
    const pluginReports = existsSync(reportFile)
      ? (JSON.parse(readFileSync(reportFile, 'utf8')) as { pluginReports: { violations?: unknown[] }[] })
          .pluginReports
      : [];
    expect(pluginReports.flatMap((r) => r.violations ?? [])).toEqual([]);

    const acks = acknowledgements(app);
    // The Lookout construct sits at `Default` in LookoutStack, which keeps every logical id unchanged.
    expect([...acks.keys()].sort()).toEqual([
      'Lookout/Default/Health/Events/XRayWrite: AwsSolutions-IAM5[Resource::*]',
      'Lookout/Default/Health/EventsDeadLetterQueue: AwsSolutions-SQS3',
      'Lookout/Default/Probing/DeadLetterQueue: AwsSolutions-SQS3',
      'Lookout/Default/Probing/Probe/XRayWrite: AwsSolutions-IAM5[Resource::*]',
      'Lookout/Default/Slack/BotToken: AwsSolutions-SMG4',
      ...SLACK_APP_AND_TRIGGERS,
      'LookoutHealthEvents-us-east-1/Forwarder/DeadLetterQueue: AwsSolutions-SQS3',
      'LookoutHealthEvents-us-west-2/Forwarder/DeadLetterQueue: AwsSolutions-SQS3',
    ]);
    for (const reason of acks.values()) expect(reason.length).toBeGreaterThan(60);
  });

  it('stays clean with route53, on the Lookout stack and the us-east-1 forwarding stack alike', () => {
    const file = writeTempConfig(
      `targets:\n  - name: example.com\nroute53:\n  zones:\n    - id: Z0123456789ABCDEFGHIJ\n`,
    );
    const { app, route53Events } = buildTestApp({
      configFile: file,
      nag: true,
      env: { CDK_DEFAULT_REGION: 'eu-west-1' },
    });
    expect(route53Events?.region).toBe('us-east-1');

    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`)).toEqual(
      [],
    );
    const assembly = app.synth();
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual([
      'Lookout',
      'LookoutHealthEvents-us-east-1',
      'LookoutHealthEvents-us-west-2',
      'LookoutRoute53Events',
    ]);

    const acks = acknowledgements(app);
    expect([...acks.keys()].sort()).toEqual([
      'Lookout/Default/Health/Events/XRayWrite: AwsSolutions-IAM5[Resource::*]',
      'Lookout/Default/Health/EventsDeadLetterQueue: AwsSolutions-SQS3',
      'Lookout/Default/Probing/DeadLetterQueue: AwsSolutions-SQS3',
      'Lookout/Default/Probing/Probe/XRayWrite: AwsSolutions-IAM5[Resource::*]',
      'Lookout/Default/Route53/AccountRead: AwsSolutions-IAM5[Resource::*]',
      'Lookout/Default/Route53/AccountRead: AwsSolutions-IAM5[Resource::arn:aws:route53:::change/*]',
      'Lookout/Default/Route53/ChangeEvents/XRayWrite: AwsSolutions-IAM5[Resource::*]',
      'Lookout/Default/Route53/ChangeEventsDeadLetterQueue: AwsSolutions-SQS3',
      'Lookout/Default/Route53/PollerDeadLetterQueue: AwsSolutions-SQS3',
      'Lookout/Default/Route53/ZonePoller/XRayWrite: AwsSolutions-IAM5[Resource::*]',
      'Lookout/Default/Slack/BotToken: AwsSolutions-SMG4',
      ...SLACK_APP_AND_TRIGGERS,
      'LookoutHealthEvents-us-east-1/Forwarder/DeadLetterQueue: AwsSolutions-SQS3',
      'LookoutHealthEvents-us-west-2/Forwarder/DeadLetterQueue: AwsSolutions-SQS3',
      'LookoutRoute53Events/Forwarder/DeadLetterQueue: AwsSolutions-SQS3',
    ]);
    for (const reason of acks.values()) expect(reason.length).toBeGreaterThan(60);
  });

  it('stays clean with the AWS Health poller in the organization view and forwarders from every region', () => {
    const file = writeTempConfig(
      `targets:\n  - name: dynamodb.us-east-1.amazonaws.com\nhealth:\n  regions: [eu-west-1]\n  poller: { intervalMinutes: 5, organizationView: true }\n`,
    );
    const { app } = buildTestApp({
      configFile: file,
      nag: true,
      env: { CDK_DEFAULT_REGION: 'eu-central-1' },
    });

    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`)).toEqual(
      [],
    );
    const assembly = app.synth();
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual([
      'Lookout',
      'LookoutHealthEvents-eu-west-1',
      'LookoutHealthEvents-us-east-1',
      'LookoutHealthEvents-us-west-2',
    ]);

    const acks = acknowledgements(app);
    expect([...acks.keys()].sort()).toEqual([
      'Lookout/Default/Health/Events/XRayWrite: AwsSolutions-IAM5[Resource::*]',
      'Lookout/Default/Health/EventsDeadLetterQueue: AwsSolutions-SQS3',
      'Lookout/Default/Health/Poller/DeadLetterQueue: AwsSolutions-SQS3',
      'Lookout/Default/Health/Poller/Handler/XRayWrite: AwsSolutions-IAM5[Resource::*]',
      'Lookout/Default/Health/Poller/HealthRead: AwsSolutions-IAM5[Resource::*]',
      'Lookout/Default/Probing/DeadLetterQueue: AwsSolutions-SQS3',
      'Lookout/Default/Probing/Probe/XRayWrite: AwsSolutions-IAM5[Resource::*]',
      'Lookout/Default/Slack/BotToken: AwsSolutions-SMG4',
      ...SLACK_APP_AND_TRIGGERS,
      'LookoutHealthEvents-eu-west-1/Forwarder/DeadLetterQueue: AwsSolutions-SQS3',
      'LookoutHealthEvents-us-east-1/Forwarder/DeadLetterQueue: AwsSolutions-SQS3',
      'LookoutHealthEvents-us-west-2/Forwarder/DeadLetterQueue: AwsSolutions-SQS3',
    ]);
    for (const reason of acks.values()) expect(reason.length).toBeGreaterThan(60);
  });

  it('fails synth on a finding nobody acknowledged (the check is live, not silently skipped)', () => {
    const app = new App({ outdir: tempDir('nag-control'), builtinCloudFormationValidation: false });
    new sqs.Queue(new Stack(app, 'Control'), 'Plain', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
  });
});
