import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Names, Stage } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { CompiledSetup } from '../lambda/config/compiled-setup.js';
import type { LookoutConfig } from '../lambda/config/config-schema.js';
import { compileSetup, type LookoutConfigInput, writeCompiledSetup } from './compile-setup.js';
import { Alarms } from './constructs/alarms.js';
import { HealthWatch } from './constructs/health-watch.js';
import type { LambdaDefaults } from './constructs/lambda-defaults.js';
import { PROBE_TIMEOUT, Probing } from './constructs/probing.js';
import { Route53Watch } from './constructs/route53-watch.js';
import { SlackSecret } from './constructs/slack.js';
import { SlackApp } from './constructs/slack-app.js';
import { grantItemReadWrite, Store } from './constructs/store.js';
import { Triggers } from './constructs/triggers.js';

export interface LookoutProps {
  /**
   * What to watch: the shape of `lookout.config.yaml` (e.g. from `loadConfigFile`, or written inline).
   * Validated at synth with the CLI's schema, together with the runbooks; both are compiled to JSON
   * beside each function's code. With `route53`, Lookout also watches those hosted zones.
   */
  readonly config: LookoutConfigInput;
  /** Where the config came from (a path), named in synth errors; default `config`. */
  readonly configSource?: string;
  /**
   * The table for targets, incidents, timelines and the Slack outbox; default a new on-demand table with
   * point-in-time recovery, retained on delete. Your own table needs string keys `PK`/`SK`, a global
   * secondary index `GSI1` on string keys `GSI1PK`/`GSI1SK`, and TTL on `expiresAt`.
   */
  readonly table?: dynamodb.ITable;
  /**
   * Secret holding the Slack app's credentials as `{"botToken":"xoxb-...","signingSecret":"..."}` (optional
   * `botId`/`botUserId`; empty token: Slack off; no signing secret: the Slack function refuses every
   * request); default a new secret with an empty token. Import by complete ARN so the functions get the
   * exact ARN.
   */
  readonly slackSecret?: secretsmanager.ISecret;
  /** Topic the alarms on Lookout itself notify (alarm and OK); default none, alarms show in the console. */
  readonly alarmTopic?: sns.ITopic;
  /** Directory of runbook YAML files compiled into the functions; default the repository's `runbooks/`. */
  readonly runbooksDir?: string;
  /** Bundle the functions with local esbuild (default). false = inline placeholder code, for unit tests only. */
  readonly bundling?: boolean;
  /** Repository root holding `lambda/` and `package-lock.json`; default this package's root. */
  readonly projectRoot?: string;
  /** Retention of every function's log group; default one month. */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Reserved concurrency for the probe; default none (see ProbingProps.reservedConcurrency). Capping the
   * two functions anyone can invoke (below) is what keeps outsiders from starving the probe.
   */
  readonly probeReservedConcurrency?: number;
  /**
   * Reserved concurrency of the Slack request function (behind an auth-NONE Function URL); default none.
   * Recommended 10 (SLACK_REQUESTS_RESERVED_CONCURRENCY) where the account's quota allows (Lambda keeps 100
   * unreserved, so at least 115): a flood of unsigned requests then cannot take the probe's concurrency.
   */
  readonly slackRequestsReservedConcurrency?: number | false;
  /** Reserved concurrency of the triggers function (auth-NONE Function URL); default none, recommended 5. */
  readonly triggersReservedConcurrency?: number | false;
}

/**
 * Lookout in any stack: the probe on a schedule, its table and Slack secret (yours or new ones), the
 * Slack app (its request URL and worker), the triggers endpoint with its secret and `lookout.trigger`
 * rule, and alarms on Lookout itself; with `route53` in the config, also the zone poller and the
 * CloudTrail change-event handler; unless `health.enabled` is false, the AWS Health event handler on this
 * region's bus (and the Health API poller with `health.poller`). It writes nothing outside its own
 * scope, no outputs included: the stack that holds it decides what to export.
 */
export class Lookout extends Construct {
  /** The config as validated at synth, defaults filled in. */
  readonly config: LookoutConfig;
  readonly table: dynamodb.ITable;
  readonly slackSecret: secretsmanager.ISecret;
  readonly probing: Probing;
  /** Present only when the config has a `route53` section. */
  readonly route53Watch?: Route53Watch;
  /**
   * Present unless `health.enabled` is false. Its rule hears this region's default bus only: the events of
   * other regions need forwarding stacks (`HealthEventsStack`, which `cdk deploy` of this app creates).
   */
  readonly healthWatch?: HealthWatch;
  /** The two-way Slack app: the function behind the Slack request URL and its worker. */
  readonly slackApp: SlackApp;
  /** On-call runbook triggers: the Function URL, the `lookout.trigger` rule and their secret. */
  readonly triggers: Triggers;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: LookoutProps) {
    super(scope, id);
    const setup = compileSetup(props.config, props.configSource ?? 'config', props.runbooksDir);
    this.config = setup.config;
    const defaults: LambdaDefaults = {
      projectRoot: props.projectRoot ?? fileURLToPath(new URL('..', import.meta.url)),
      compiledSetupFile: this.writeSetup(setup),
      bundling: props.bundling ?? true,
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    };

    this.table = props.table ?? new Store(this, 'Store').table;
    this.slackSecret = props.slackSecret ?? new SlackSecret(this, 'Slack').secret;
    const resources = { table: this.table, slackSecret: this.slackSecret };

    this.probing = new Probing(this, 'Probing', {
      defaults,
      resources,
      reservedConcurrency: props.probeReservedConcurrency,
    });
    if (this.config.route53) {
      this.route53Watch = new Route53Watch(this, 'Route53', {
        defaults,
        route53: this.config.route53,
        resources,
      });
    }
    if (this.config.health.enabled) {
      this.healthWatch = new HealthWatch(this, 'Health', {
        defaults,
        health: this.config.health,
        resources,
      });
    }
    this.slackApp = new SlackApp(this, 'SlackApp', {
      defaults,
      resources,
      ...(props.slackRequestsReservedConcurrency !== undefined
        ? { requestsReservedConcurrency: props.slackRequestsReservedConcurrency }
        : {}),
    });
    // The only Route 53 write permission the stack can hold, and only when the config asks for it.
    if (this.config.route53?.restoreFromSlack) {
      this.slackApp.grantRestore(this.config.route53.zones.map((zone) => zone.id));
    }
    this.triggers = new Triggers(this, 'Triggers', {
      defaults,
      resources,
      ...(props.triggersReservedConcurrency !== undefined
        ? { reservedConcurrency: props.triggersReservedConcurrency }
        : {}),
    });
    this.alarms = new Alarms(this, 'Alarms', {
      probe: this.probing.function,
      probeTimeout: PROBE_TIMEOUT,
      deadLetterQueue: this.probing.deadLetterQueue,
      ...(props.alarmTopic ? { alarmTopic: props.alarmTopic } : {}),
      ...(this.route53Watch ? { route53: this.route53Watch } : {}),
      ...(this.healthWatch ? { health: this.healthWatch } : {}),
      slack: this.slackApp,
      triggers: this.triggers,
    });
  }

  /**
   * Item read/write on Lookout's table, e.g. for a role that runs the `lookout` CLI against it (`status`,
   * `ack`, `restore`).
   */
  grantTableReadWrite(grantee: iam.IGrantable): iam.Grant {
    return grantItemReadWrite(this.table, grantee);
  }

  /** Into the cloud assembly, one file per Lookout, for the bundles to copy (see LambdaDefaults). */
  private writeSetup(setup: CompiledSetup): string {
    const outdir = Stage.of(this)?.outdir ?? '.';
    return writeCompiledSetup(join(outdir, 'lookout-setup', `${Names.uniqueId(this)}.json`), setup);
  }
}
