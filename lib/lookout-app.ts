import { Annotations, App, type AppProps, Token, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '../lambda/config/errors.js';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '../lambda/config/load-config.js';
import { RUNBOOKS_DIR_ENV } from '../lambda/config/load-runbooks.js';
import { healthForwardingRegions } from '../lambda/domain/health/health-regions.js';
import { reservedConcurrencyFromContext } from './constructs/reserved-concurrency.js';
import { HealthEventsStack } from './health-events-stack.js';
import { LookoutStack, type LookoutStackProps } from './lookout-stack.js';
import { ROUTE53_EVENTS_REGION, Route53EventsStack } from './route53-events-stack.js';

export const STACK_NAME = 'Lookout';
/** The us-east-1 stack forwarding Route 53 change events, when Lookout runs in another region. */
export const ROUTE53_EVENTS_STACK_NAME = 'LookoutRoute53Events';
/** `LookoutHealthEvents-eu-west-1`: the stack forwarding AWS Health events from that region. */
export function healthEventsStackName(region: string): string {
  return `LookoutHealthEvents-${region}`;
}

export interface LookoutAppOptions {
  readonly appProps?: AppProps;
  /** Process environment to read LOOKOUT_CONFIG_FILE and CDK_DEFAULT_* from; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Run cdk-nag AwsSolutions checks at synth (default true). */
  readonly nag?: boolean;
  readonly stackProps?: Partial<Omit<LookoutStackProps, 'config' | 'configSource'>>;
}

export interface LookoutAppStacks {
  app: App;
  stack: LookoutStack;
  /** Only with `route53` in the config and Lookout outside us-east-1. */
  route53Events?: Route53EventsStack;
  /** One per region whose AWS Health events Lookout needs but does not run in; none with `health.enabled: false`. */
  healthEvents: HealthEventsStack[];
}

/**
 * Builds the CDK app: config file from context `config`, else env `LOOKOUT_CONFIG_FILE`, else
 * `lookout.config.yaml`. An invalid file throws `ConfigError` naming file and field before any construct
 * exists, so a typo stops synth instead of deploying a probe that fails at runtime; an invalid runbook
 * throws `RunbookError` the same way.
 *
 * Region: context `region`, else `CDK_DEFAULT_REGION` (the CLI's profile / AWS_REGION), else
 * environment-agnostic. With `route53` configured the region must be known at synth, because Route 53's
 * change events reach EventBridge only in us-east-1: outside it, the app adds the `LookoutRoute53Events`
 * stack in us-east-1 that forwards them to Lookout's region. AWS Health (on unless `health.enabled: false`)
 * uses it too: its events reach the bus of the region they concern, us-east-1 for global ones, and a
 * backup region; a `LookoutHealthEvents-<region>` stack forwards each such region's events to Lookout's.
 * Without a region, synth warns that only the deployed region's Health events are seen.
 */
export function createLookoutApp(options: LookoutAppOptions = {}): LookoutAppStacks {
  const env = options.env ?? process.env;
  const app = new App(options.appProps);
  const fromContext: unknown = app.node.tryGetContext('config');
  const configFile =
    (typeof fromContext === 'string' && fromContext) || env.LOOKOUT_CONFIG_FILE || DEFAULT_CONFIG_FILE;
  const config = loadConfigFile(configFile);
  const regionContext: unknown = app.node.tryGetContext('region');
  const region = (typeof regionContext === 'string' && regionContext) || env.CDK_DEFAULT_REGION;

  // Checked before any construct exists, so the message is not buried under bundling output.
  // Guessing us-east-1 would deploy, without a word, a Lookout elsewhere that never sees a change event.
  if (config.route53 && !(options.stackProps?.env?.region ?? region)) {
    throw new ConfigError(
      `${configFile}: route53: watching Route 53 needs Lookout's region at synth, because its change events ` +
        `reach EventBridge only in ${ROUTE53_EVENTS_REGION} and must be forwarded from there to any other region. ` +
        'Pass -c region=<region>, or set AWS_REGION / a profile region for the CDK CLI.',
    );
  }

  // Runbooks as the CLI finds them: context `runbooks`, else LOOKOUT_RUNBOOKS_DIR, else the repository's.
  const runbooksContext: unknown = app.node.tryGetContext('runbooks');
  const runbooksDir =
    (typeof runbooksContext === 'string' && runbooksContext) || env[RUNBOOKS_DIR_ENV] || undefined;

  const alarmTopicArn: unknown = app.node.tryGetContext('alarmTopicArn');
  const topic = typeof alarmTopicArn === 'string' && alarmTopicArn ? { alarmTopicArn } : {};
  const stack = new LookoutStack(app, STACK_NAME, {
    stackName: STACK_NAME,
    env: { account: env.CDK_DEFAULT_ACCOUNT, region },
    config,
    configSource: configFile,
    ...(runbooksDir ? { runbooksDir } : {}),
    ...topic,
    ...reservedConcurrencyFromContext((key) => app.node.tryGetContext(key)),
    ...options.stackProps,
  });

  let route53Events: Route53EventsStack | undefined;
  if (config.route53 && stack.region !== ROUTE53_EVENTS_REGION) {
    route53Events = new Route53EventsStack(app, ROUTE53_EVENTS_STACK_NAME, {
      stackName: ROUTE53_EVENTS_STACK_NAME,
      env: {
        account: Token.isUnresolved(stack.account) ? undefined : stack.account,
        region: ROUTE53_EVENTS_REGION,
      },
      targetRegion: stack.region,
      ...topic,
    });
    // Deploy order only (nothing is referenced across regions): forward once the receiving rule exists.
    route53Events.addStackDependency(stack, 'forwards to the rule in the Lookout stack');
  }

  // A stack of its own per region, also in us-east-1 beside LookoutRoute53Events: that one exists only with
  // `route53` and keeps its name and resources as deployed; folding both into one stack would move its
  // rule between stacks (a delete and a create, with a gap) whenever route53 or health is switched.
  // Without a region (an offline `cdk synth` with no profile) the stack is environment-agnostic and its
  // rule sees only the region it is deployed in: synth goes on, but says plainly what is not covered.
  // `cdk deploy` always knows the region, so a deployed Lookout gets its forwarders.
  const regionKnown = !Token.isUnresolved(stack.region);
  if (config.health.enabled && !regionKnown) {
    Annotations.of(stack).addWarningV2(
      'lookout:health-region-unknown',
      `${configFile}: health: Lookout's region is unknown at synth, so no AWS Health events are forwarded from ` +
        "other regions (us-east-1 for global services, the watched endpoints' regions, the backup region " +
        'us-west-2): only the region the stack is deployed in is watched. Pass -c region=<region>, or set ' +
        'AWS_REGION / a profile region for the CDK CLI.',
    );
  }
  const healthEvents =
    config.health.enabled && regionKnown
      ? healthForwardingRegions({
          lookoutRegion: stack.region,
          targets: config.targets,
          regions: config.health.regions,
          correlation: config.health.correlation,
        }).map((forwardFrom) => {
          const name = healthEventsStackName(forwardFrom);
          const forwarder = new HealthEventsStack(app, name, {
            stackName: name,
            env: {
              account: Token.isUnresolved(stack.account) ? undefined : stack.account,
              region: forwardFrom,
            },
            targetRegion: stack.region,
            ...topic,
          });
          forwarder.addStackDependency(stack, 'forwards to the rule in the Lookout stack');
          return forwarder;
        })
      : [];

  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, ...(route53Events ? { route53Events } : {}), healthEvents };
}
