import type { LookoutConfig } from '../../config/config-schema.js';
import type { Runbook } from '../../domain/runbooks/schema.js';
import type { Target } from '../../domain/targets.js';
import type { Handoff } from '../../ports/handoff.js';
import type { Log } from '../../ports/log.js';
import type { IncidentCommands } from '../../service/incident-commands.js';
import type { Store } from '../../store/store.js';
import type { Authorizer } from './authorize.js';
import type { SlackRestorerFactory } from './restore/restorer.js';

/**
 * What the Slack app's listeners work with, built once by the composition root (lambda/app/slack-app.ts)
 * for every host: the Slack Lambda, Socket Mode in `lookout start`, and the tests.
 */
export interface SlackAppDeps {
  store: Store;
  config: LookoutConfig;
  now: () => Date;
  log: Log;
  /** Where work slower than a store read goes after the acknowledgement. */
  handoff: Handoff;
  /** Reading and changing incidents, the same use cases the CLI runs. */
  incidents: IncidentCommands;
  /** The watched targets (the config's, resolvers filled in), for `status`. */
  targets: () => Promise<Target[]>;
  /** Asked before every state-changing action (`slack.operators`); reading is allowed to everyone. */
  authorizer: Authorizer;
  /** Every runbook (compiled at synth, or runbooks/*.yaml locally), for `runbook`. */
  runbooks: () => Promise<readonly Runbook[]>;
  /** Plans a restore for the confirmation modal; present only with `route53.restoreFromSlack: true`. */
  restore?: SlackRestorerFactory | undefined;
  /** The Slack Web API base URL when it is not Slack's (the emulator): its host's response URLs are Slack's too. */
  slackApiUrl?: string | undefined;
}
