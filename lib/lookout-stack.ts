import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { LookoutConfig } from '../lambda/config/config-schema.js';
import type { HealthWatch } from './constructs/health-watch.js';
import type { Probing } from './constructs/probing.js';
import type { Route53Watch } from './constructs/route53-watch.js';
import { Lookout } from './lookout.js';

export interface LookoutStackProps extends StackProps {
  /** The validated config file; with `route53` the stack also watches those hosted zones. */
  readonly config: LookoutConfig;
  /** Where the config came from (a path), named in synth errors. */
  readonly configSource: string;
  /** Bundle Lambda code with esbuild (default). false = inline placeholder code, for fast unit tests only. */
  readonly bundling?: boolean;
  /** Repository root holding lambda/ and package-lock.json; defaults to this file's parent. */
  readonly projectRoot?: string;
  /** Runbook YAML directory compiled into the functions; default the repository's runbooks/. */
  readonly runbooksDir?: string;
  /** Retention of every Lambda log group; default one month. */
  readonly logRetention?: logs.RetentionDays;
  /** SNS topic (ARN) the alarms notify; default none, alarms only show in the console. */
  readonly alarmTopicArn?: string;
  /** Reserved concurrency for the probe; default none (see ProbingProps.reservedConcurrency). */
  readonly probeReservedConcurrency?: number;
  /** Reserved concurrency of the Slack request function; default none, recommended 10 (see LookoutProps). */
  readonly slackRequestsReservedConcurrency?: number | false;
  /** Reserved concurrency of the triggers function; default none, recommended 5 (see LookoutProps). */
  readonly triggersReservedConcurrency?: number | false;
}

/**
 * The `Lookout` construct in a stack of its own, with the outputs a person needs after `cdk deploy`: the
 * table, the Slack secret and the command that fills it, the URLs to paste into Slack and the on-call
 * tools, the trigger secret, and the dead-letter queues.
 */
export class LookoutStack extends Stack {
  readonly lookout: Lookout;

  constructor(scope: Construct, id: string, props: LookoutStackProps) {
    super(scope, id, {
      description: 'Lookout: DNS watch with incidents in DynamoDB and alerts in Slack',
      ...props,
    });
    // `Default` adds nothing to logical ids: resources keep the ids they had before the construct
    // existed, so an update never replaces the retained table or the secret holding the token.
    this.lookout = new Lookout(this, 'Default', {
      config: props.config,
      configSource: props.configSource,
      ...(props.alarmTopicArn
        ? { alarmTopic: sns.Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn) }
        : {}),
      ...(props.bundling !== undefined ? { bundling: props.bundling } : {}),
      ...(props.projectRoot ? { projectRoot: props.projectRoot } : {}),
      ...(props.runbooksDir ? { runbooksDir: props.runbooksDir } : {}),
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
      ...(props.probeReservedConcurrency !== undefined
        ? { probeReservedConcurrency: props.probeReservedConcurrency }
        : {}),
      ...(props.slackRequestsReservedConcurrency !== undefined
        ? { slackRequestsReservedConcurrency: props.slackRequestsReservedConcurrency }
        : {}),
      ...(props.triggersReservedConcurrency !== undefined
        ? { triggersReservedConcurrency: props.triggersReservedConcurrency }
        : {}),
    });
    this.outputs();
  }

  get probing(): Probing {
    return this.lookout.probing;
  }

  /** Present only when the config has a `route53` section. */
  get route53Watch(): Route53Watch | undefined {
    return this.lookout.route53Watch;
  }

  /** Present unless `health.enabled` is false. */
  get healthWatch(): HealthWatch | undefined {
    return this.lookout.healthWatch;
  }

  private outputs(): void {
    const { table, slackSecret, probing, route53Watch, healthWatch, slackApp, triggers } = this.lookout;
    new CfnOutput(this, 'SlackSecretArn', {
      description: "Secrets Manager secret holding the Slack app's bot token and signing secret",
      value: slackSecret.secretArn,
    });
    new CfnOutput(this, 'SlackTokenCommand', {
      description:
        "Run this with the app's bot token (OAuth & Permissions) and signing secret (Basic Information) to turn Slack on",
      value: Fn.join('', [
        'aws secretsmanager put-secret-value --secret-id ',
        slackSecret.secretArn,
        ` --secret-string '{"botToken":"xoxb-REPLACE-ME","signingSecret":"REPLACE-ME"}'`,
      ]),
    });
    new CfnOutput(this, 'SlackRequestUrl', {
      description:
        "Paste into the Slack app: the /lookout command's Request URL and Interactivity's Request URL (manifest.yaml)",
      value: slackApp.requestUrl.url,
    });
    new CfnOutput(this, 'SlackWorkerDeadLetterQueueUrl', {
      description: 'Slack jobs the worker lost (crash or timeout), with the error',
      value: slackApp.workerDeadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'TriggerUrl', {
      description:
        'On-call triggers: POST to <url>trigger (signed JSON), <url>pagerduty (PagerDuty v3 webhook), <url>alertmanager (Alertmanager webhook)',
      value: triggers.url.url,
    });
    new CfnOutput(this, 'TriggerSecretArn', {
      description:
        'Secrets Manager secret holding the trigger secrets: {"triggerSecret":"...","pagerdutySecrets":"...","alertmanagerToken":"..."}',
      value: triggers.secret.secretArn,
    });
    new CfnOutput(this, 'TriggersDeadLetterQueueUrl', {
      description: 'EventBridge lookout.trigger events that were lost, with the error',
      value: triggers.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'TableName', {
      description: 'DynamoDB table holding targets, incidents, timelines and the Slack outbox',
      value: table.tableName,
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      description: 'Lost probe runs, with the error that lost them',
      value: probing.deadLetterQueue.queueUrl,
    });
    if (route53Watch) {
      new CfnOutput(this, 'ZonePollerDeadLetterQueueUrl', {
        description: 'Lost Route 53 zone snapshots, with the error that lost them',
        value: route53Watch.pollerDeadLetterQueue.queueUrl,
      });
      new CfnOutput(this, 'ChangeEventsDeadLetterQueueUrl', {
        description: 'Route 53 change events that were lost or failed validation, with the reason',
        value: route53Watch.changeEventsDeadLetterQueue.queueUrl,
      });
    }
    if (healthWatch) {
      new CfnOutput(this, 'HealthEventsDeadLetterQueueUrl', {
        description: 'AWS Health events that were lost or failed validation, with the reason',
        value: healthWatch.eventsDeadLetterQueue.queueUrl,
      });
      if (healthWatch.poller) {
        new CfnOutput(this, 'HealthPollerDeadLetterQueueUrl', {
          description: 'Lost AWS Health API polls, with the error that lost them',
          value: healthWatch.poller.deadLetterQueue.queueUrl,
        });
      }
    }
  }
}
