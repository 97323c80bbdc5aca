import { App, AwsLambdaReceiver, isValidSlackRequest, type Receiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { LookoutConfig } from '../config/config-schema.js';
import type { Runbook } from '../domain/runbooks/schema.js';
import type { Target } from '../domain/targets.js';
import type { Handoff } from '../ports/handoff.js';
import { registerLookoutApp } from '../slack/app/app.js';
import { type Authorizer, SlackAuthorizer } from '../slack/app/authorize.js';
import { boltLogger } from '../slack/app/bolt-logger.js';
import type { SlackAppDeps } from '../slack/app/deps.js';
import { InProcessHandoff } from '../slack/app/handoff/in-process-handoff.js';
import { unreadableBody } from '../slack/app/request-body.js';
import type { UsergroupsClient } from '../slack/app/usergroup-members.js';
import type { Store } from '../store/store.js';
import { createIncidentApp } from './incidents.js';
import { slackRestorer } from './slack-restore.js';
import { createSlackWorker, type SlackWorker, type SlackWorkerOptions } from './slack-worker.js';

export type { SlackWorker, SlackWorkerOptions } from './slack-worker.js';

/**
 * Who the app is in Slack. With `botId` and `botUserId` known, Bolt never calls `auth.test`; without
 * them it still does not, since Lookout authorizes every request itself (see createSlackApp). A missing
 * `botToken` leaves only answers that need none (acknowledgements, response URLs).
 */
export interface SlackCredentials {
  botToken?: string | undefined;
  botId?: string | undefined;
  botUserId?: string | undefined;
}

export interface SlackAppOptions extends SlackWorkerOptions {
  /** AwsLambdaReceiver on AWS, SocketModeReceiver in `lookout start`, any Receiver in tests. */
  receiver: Receiver;
  /** Read once per request by Bolt's authorize; a function lets a host read its secret lazily. */
  credentials: SlackCredentials | (() => Promise<SlackCredentials>);
  store: Store;
  config: LookoutConfig;
  /** The watched targets (resolvers filled in), for `status`. */
  targets: () => Promise<Target[]>;
  now?: () => Date;
  /** Another Slack Web API base URL (SLACK_API_URL: the emulator, GovSlack); Slack's own by default. */
  apiUrl?: string | undefined;
  /** Where slow work goes: the worker Lambda on AWS; default: this process, after the acknowledgement. */
  handoff?: Handoff;
  /** Who may change state; default: `slack.operators`, user groups read with the bot token. */
  authorizer?: Authorizer;
  /** Every runbook (runbooks/*.yaml), for `runbook`; default: none. */
  runbooks?: () => Promise<readonly Runbook[]>;
}

/** Bolt's Lambda handler (Function URL, API Gateway v1/v2 events; 2 arguments), as its receiver makes it. */
export type SlackLambdaHandler = ReturnType<AwsLambdaReceiver['toHandler']>;
type AwsEvent = Parameters<SlackLambdaHandler>[0];

export interface SlackApp {
  app: App;
  /** What the listeners were registered with (tests call a listener's parts directly with it). */
  deps: SlackAppDeps;
  worker: SlackWorker;
  handoff: Handoff;
  /** Resolves once the jobs handed off in this process so far are done (at once for a remote worker). */
  idle(): Promise<void>;
}

/**
 * The Slack app's composition root, for every receiver: the listeners (lambda/slack/app/app.ts) over
 * the store, the incident use cases and a handoff to the worker.
 *
 * @example
 * const receiver = new SocketModeReceiver({ appToken });
 * const { app } = createSlackApp({ receiver, credentials: { botToken }, store, config, targets, log });
 * await app.start();
 */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const now = options.now ?? (() => new Date());
  const { log, store, config } = options;
  const credentials = options.credentials;
  const readCredentials = async () => (typeof credentials === 'function' ? await credentials() : credentials);
  const worker = createSlackWorker({
    ...options,
    botToken: options.botToken ?? (async () => (await readCredentials()).botToken),
  });
  const inProcess = options.handoff ? undefined : new InProcessHandoff(worker.run, log);
  const handoff = options.handoff ?? (inProcess as InProcessHandoff);
  const app = new App({
    receiver: options.receiver,
    // Lookout's own authorize: Bolt never calls auth.test (not at cold start, not on the first request).
    authorize: async () => {
      const known = await readCredentials();
      return {
        ...(known.botToken ? { botToken: known.botToken } : {}),
        ...(known.botId ? { botId: known.botId } : {}),
        ...(known.botUserId ? { botUserId: known.botUserId } : {}),
      };
    },
    logger: boltLogger(log),
    ...(options.apiUrl ? { clientOptions: { slackApiUrl: options.apiUrl } } : {}),
    // State lives in the store; Bolt's in-memory conversation store would be lost with the container.
    convoStore: false,
  });
  // Declared incidents open where every other incident would: slack.channel and the routing rules.
  const { commands } = createIncidentApp({
    store,
    detection: config.detection,
    log,
    now,
    channel: config.slack.channel,
    routing: config.slack,
  });
  const authorizer =
    options.authorizer ??
    new SlackAuthorizer({
      operators: config.slack.operators,
      client: usergroupsClient(readCredentials, options.apiUrl),
      now,
      log,
      // A cold container decides from the stored member lists instead of waiting on Slack before the ack.
      usergroups: { store: store.usergroups },
    });
  const deps: SlackAppDeps = {
    store,
    config,
    now,
    log,
    handoff,
    incidents: commands,
    targets: options.targets,
    authorizer,
    runbooks: options.runbooks ?? (async () => []),
    // Plans (reads only) for the confirmation modal; the worker submits.
    restore: slackRestorer({ ...options, now }),
    slackApiUrl: options.apiUrl,
  };
  registerLookoutApp(app, deps);
  return { app, deps, worker, handoff, idle: () => inProcess?.idle() ?? Promise.resolve() };
}

/**
 * A person waits on this lookup (Slack wants an answer within 3 s), so the client neither retries nor
 * waits out a rate limit: a failed lookup refuses and says why (authorize.ts), and the next press asks again.
 */
const AUTHORIZER_CLIENT = {
  retryConfig: { retries: 0 },
  rejectRateLimitedCalls: true,
  timeout: 2_500,
} as const;

/**
 * usergroups.users.list with the bot token as the credentials say now: a client per token, so a token
 * put into the secret is used without rebuilding the app.
 */
function usergroupsClient(
  readCredentials: () => Promise<SlackCredentials>,
  apiUrl: string | undefined,
): UsergroupsClient {
  let cached: { token: string | undefined; client: WebClient } | undefined;
  return {
    usergroups: {
      users: {
        async list(args) {
          const { botToken } = await readCredentials();
          const current =
            cached && cached.token === botToken
              ? cached
              : {
                  token: botToken,
                  client: new WebClient(botToken, {
                    ...AUTHORIZER_CLIENT,
                    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
                  }),
                };
          cached = current;
          return current.client.usergroups.users.list(args);
        },
      },
    },
  };
}

/**
 * The Slack Lambda's handler (Function URL events, 2-argument): a request whose signature is bad or
 * older than 5 minutes gets 401 before anything else is done — no body parsing, no store, no Slack.
 * Bolt's receiver checks the signature again; this gate is here because Bolt parses the body (and
 * answers `ssl_check`) before its own check.
 */
export function createSlackLambdaHandler(
  options: Omit<SlackAppOptions, 'receiver'> & { signingSecret: string },
): { handler: SlackLambdaHandler; slack: SlackApp } {
  const now = options.now ?? (() => new Date());
  const receiver = new AwsLambdaReceiver({
    signingSecret: options.signingSecret,
    logger: boltLogger(options.log),
  });
  const slack = createSlackApp({ ...options, receiver });
  const bolt = receiver.toHandler();
  const handler: SlackLambdaHandler = async (event, context) => {
    if (!signedBySlack(event, options.signingSecret, now().getTime())) {
      options.log.warn('refused a request to the Slack function: bad or stale signature', {
        timestamp: header(event, 'x-slack-request-timestamp') ?? null,
      });
      return { statusCode: 401, body: '' };
    }
    const unreadable = unreadableBody(bodyOf(event), header(event, 'content-type'));
    if (unreadable) {
      options.log.warn(`refused a request to the Slack function: ${unreadable}`);
      return { statusCode: 400, body: unreadable };
    }
    return bolt(event, context);
  };
  return { handler, slack };
}

/** How far a request's timestamp may be from now, as Slack documents it. */
const SIGNATURE_WINDOW_S = 5 * 60;

function signedBySlack(event: AwsEvent, signingSecret: string, nowMs: number): boolean {
  const signature = header(event, 'x-slack-signature');
  const timestamp = Number(header(event, 'x-slack-request-timestamp'));
  if (!signature || !Number.isInteger(timestamp)) return false;
  // Slack: refuse a timestamp more than five minutes from now either way. Bolt checks only the past,
  // so a request dated ahead would stay replayable for as long as it is dated ahead.
  if (Math.abs(nowMs / 1000 - timestamp) > SIGNATURE_WINDOW_S) return false;
  const body = bodyOf(event);
  return isValidSlackRequest({
    signingSecret,
    body,
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
    nowMilliseconds: nowMs,
  });
}

function bodyOf(event: AwsEvent): string {
  const raw = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
}

function header(event: AwsEvent, name: string): string | undefined {
  const key = Object.keys(event.headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : event.headers[key];
}
