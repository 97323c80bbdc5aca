import type { LookoutConfig } from '../../lambda/config/config-schema.js';
import type { LocalEnv } from '../../lambda/config/env.js';
import type { Runbook } from '../../lambda/domain/runbooks/schema.js';
import type { Target } from '../../lambda/domain/targets.js';
import type { Log } from '../../lambda/ports/log.js';
import type { Store } from '../../lambda/store/store.js';

/** Socket Mode for `lookout start`: on with an app-level token and a bot token, else off with a reason. */
export type SocketModeSetting =
  | { on: false; reason?: string }
  | { on: true; appToken: string; botToken: string; apiUrl?: string };

export function localSocketMode(env: LocalEnv): SocketModeSetting {
  if (!env.SLACK_APP_TOKEN) return { on: false };
  if (!env.SLACK_BOT_TOKEN)
    return {
      on: false,
      reason:
        'Slack: SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not, so /lookout is not answered here (set both for Socket Mode)',
    };
  return {
    on: true,
    appToken: env.SLACK_APP_TOKEN,
    botToken: env.SLACK_BOT_TOKEN,
    ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
  };
}

export interface SocketModeDeps {
  store: Store;
  config: LookoutConfig;
  targets: readonly Target[];
  log: Log;
  /** Route 53 for restore from Slack (LOOKOUT_ROUTE53_ENDPOINT, e.g. `lookout emulate`); default AWS. */
  route53Endpoint?: string | undefined;
  /** Told once, when Slack has greeted the first connection. */
  say: (line: string) => void;
  /** Sends the outbox now, after a change from Slack (the watch's background delivery). */
  deliver?: () => Promise<unknown>;
  /** The runbooks `/lookout runbook` shows (those the watch posts). */
  runbooks?: readonly Runbook[];
}

export interface RunningSocketMode {
  /** Closes the connection (no reconnect) and waits for the work handed off so far. */
  stop(): Promise<void>;
}

/** How long Ctrl-C waits for Slack to confirm the close before letting the connection go. */
const CLOSE_WAIT_MS = 2_000;

/**
 * The Slack app (the same listeners as the Slack Lambda) over Socket Mode, connecting in the
 * background: the watch does not wait for Slack, and Slack being unreachable stops nothing else. Bolt
 * and the app load only here, so `lookout start` without an app token never pays for them.
 */
export async function startSocketMode(
  setting: Extract<SocketModeSetting, { on: true }>,
  deps: SocketModeDeps,
): Promise<RunningSocketMode> {
  const [{ SocketModeReceiver }, { createSlackApp }, { boltLogger }] = await Promise.all([
    import('@slack/bolt'),
    import('../../lambda/app/slack-app.js'),
    import('../../lambda/slack/app/bolt-logger.js'),
  ]);
  const { log } = deps;
  const receiver = new SocketModeReceiver({
    appToken: setting.appToken,
    logger: boltLogger(log),
    // apps.connections.open goes where the Web API does (the emulator, GovSlack).
    ...(setting.apiUrl ? { installerOptions: { clientOptions: { slackApiUrl: setting.apiUrl } } } : {}),
  });
  const slack = createSlackApp({
    receiver,
    credentials: { botToken: setting.botToken },
    store: deps.store,
    config: deps.config,
    targets: async () => [...deps.targets],
    log,
    apiUrl: setting.apiUrl,
    route53: { endpoint: deps.route53Endpoint },
    ...(deps.deliver ? { deliver: deps.deliver } : {}),
    ...(deps.runbooks ? { runbooks: async () => deps.runbooks ?? [] } : {}),
  });
  slack.app.start().then(
    () => deps.say('Slack: Socket Mode connected; /lookout and buttons are answered from this machine'),
    (error: unknown) =>
      log.error(
        'Slack: Socket Mode could not connect, so /lookout is not answered here (check SLACK_APP_TOKEN)',
        error,
      ),
  );
  return {
    async stop() {
      await withinMs(receiver.client.disconnect(), CLOSE_WAIT_MS);
      await slack.idle();
    },
  };
}

function withinMs(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
