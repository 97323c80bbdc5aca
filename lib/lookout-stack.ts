import { fileURLToPath } from 'node:url';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { LookoutConfig } from '../lambda/config/config-schema.js';
import { Alarms } from './constructs/alarms.js';
import type { LambdaDefaults } from './constructs/lambda-defaults.js';
import { PROBE_TIMEOUT, Probing } from './constructs/probing.js';
import { Route53Watch } from './constructs/route53-watch.js';
import { SlackSecret } from './constructs/slack.js';
import { Store } from './constructs/store.js';

export interface LookoutStackProps extends StackProps {
  /**
   * The validated config file; its probe, detection, slack, targets and route53 reach the Lambdas as
   * LOOKOUT_CONFIG. With `route53` the stack also watches those hosted zones (see Route53Watch).
   */
  readonly config: LookoutConfig;
  /** Where the config came from (a path), named in synth errors. */
  readonly configSource: string;
  /** Bundle Lambda code with esbuild (default). false = inline placeholder code, for fast unit tests only. */
  readonly bundling?: boolean;
  /** Repository root holding lambda/, runbooks/ and package-lock.json; defaults to this file's parent. */
  readonly projectRoot?: string;
  /** Retention of every Lambda log group; default one month. */
  readonly logRetention?: logs.RetentionDays;
  /** SNS topic (ARN) the alarms notify; default none, alarms only show in the console. */
  readonly alarmTopicArn?: string;
  /** Reserved concurrency for the probe; default none (see ProbingProps.reservedConcurrency). */
  readonly probeReservedConcurrency?: number;
}

/**
 * Lookout on AWS: the probe on a schedule, its table, the Slack secret and alarms on the probe itself;
 * with `route53` in the config, also the zone poller and the CloudTrail change-event handler.
 */
export class LookoutStack extends Stack {
  readonly store: Store;
  readonly slack: SlackSecret;
  readonly probing: Probing;
  /** Present only when the config has a `route53` section. */
  readonly route53Watch?: Route53Watch;

  constructor(scope: Construct, id: string, props: LookoutStackProps) {
    super(scope, id, {
      description: 'Lookout: DNS watch with incidents in DynamoDB and alerts in Slack',
      ...props,
    });
    const defaults: LambdaDefaults = {
      projectRoot: props.projectRoot ?? fileURLToPath(new URL('..', import.meta.url)),
      bundling: props.bundling ?? true,
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    };

    this.store = new Store(this, 'Store');
    this.slack = new SlackSecret(this, 'Slack');
    this.probing = new Probing(this, 'Probing', {
      defaults,
      config: props.config,
      configSource: props.configSource,
      store: this.store,
      slack: this.slack,
      reservedConcurrency: props.probeReservedConcurrency,
    });
    if (props.config.route53) {
      this.route53Watch = new Route53Watch(this, 'Route53', {
        defaults,
        config: props.config,
        route53: props.config.route53,
        configSource: props.configSource,
        store: this.store,
        slack: this.slack,
      });
    }
    new Alarms(this, 'Alarms', {
      probe: this.probing.function,
      probeTimeout: PROBE_TIMEOUT,
      deadLetterQueue: this.probing.deadLetterQueue,
      alarmTopicArn: props.alarmTopicArn,
      ...(this.route53Watch ? { route53: this.route53Watch } : {}),
    });

    new CfnOutput(this, 'TableName', {
      description: 'DynamoDB table holding targets, incidents, timelines and the Slack outbox',
      value: this.store.table.tableName,
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      description: 'Lost probe runs, with the error that lost them',
      value: this.probing.deadLetterQueue.queueUrl,
    });
    if (this.route53Watch) {
      new CfnOutput(this, 'ZonePollerDeadLetterQueueUrl', {
        description: 'Lost Route 53 zone snapshots, with the error that lost them',
        value: this.route53Watch.pollerDeadLetterQueue.queueUrl,
      });
      new CfnOutput(this, 'ChangeEventsDeadLetterQueueUrl', {
        description: 'Route 53 change events that were lost or failed validation, with the reason',
        value: this.route53Watch.changeEventsDeadLetterQueue.queueUrl,
      });
    }
  }
}
