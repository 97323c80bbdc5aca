import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '../lambda/config/load-config.js';
import { LookoutStack, type LookoutStackProps } from './lookout-stack.js';

export const STACK_NAME = 'Lookout';

export interface LookoutAppOptions {
  readonly appProps?: AppProps;
  /** Process environment to read LOOKOUT_CONFIG_FILE and CDK_DEFAULT_* from; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Run cdk-nag AwsSolutions checks at synth (default true). */
  readonly nag?: boolean;
  readonly stackProps?: Partial<Omit<LookoutStackProps, 'config' | 'configSource'>>;
}

/**
 * Builds the CDK app: config file from context `config`, else env `LOOKOUT_CONFIG_FILE`, else
 * `lookout.config.yaml`. An invalid file throws `ConfigError` naming file and field before any construct
 * exists, so a typo stops synth instead of deploying a probe that fails at runtime.
 */
export function createLookoutApp(options: LookoutAppOptions = {}): { app: App; stack: LookoutStack } {
  const env = options.env ?? process.env;
  const app = new App(options.appProps);
  const fromContext: unknown = app.node.tryGetContext('config');
  const configFile =
    (typeof fromContext === 'string' && fromContext) || env.LOOKOUT_CONFIG_FILE || DEFAULT_CONFIG_FILE;
  const config = loadConfigFile(configFile);

  const alarmTopicArn: unknown = app.node.tryGetContext('alarmTopicArn');
  const stack = new LookoutStack(app, STACK_NAME, {
    stackName: STACK_NAME,
    env: { account: env.CDK_DEFAULT_ACCOUNT, region: env.CDK_DEFAULT_REGION },
    config,
    configSource: configFile,
    ...(typeof alarmTopicArn === 'string' && alarmTopicArn ? { alarmTopicArn } : {}),
    ...options.stackProps,
  });

  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
