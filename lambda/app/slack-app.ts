import { App, AwsLambdaReceiver, isValidSlackRequest, type Receiver } from '@slack/bolt';
import type { LookoutConfig } from '../config/config-schema.js';
import type { Target } from '../domain/targets.js';
import type { Handoff } from '../ports/handoff.js';
import type { Log } from '../ports/log.js';
import type { Prober } from '../ports/prober.js';
import { registerLookoutApp } from '../slack/app/app.js';
import { boltLogger } from '../slack/app/bolt-logger.js';
import { InProcessHandoff } from '../slack/app/handoff/in-process-handoff.js';
import type { SlackJob } from '../slack/app/jobs.js';
import { slackJobSchema } from '../slack/app/jobs.js';
import { type FetchLike, postToResponseUrl } from '../slack/app/response-url.js';
import type { SlackWorkerDeps } from '../slack/app/worker/deps.js';
import { runJob } from '../slack/app/worker/index.js';
import { DnsProbe } from '../sources/dns/dns-probe.js';
import { systemResolvers } from '../sources/dns/system-resolvers.js';
import type { Store } from '../store/store.js';
import { createIncidentApp } from './incidents.js';

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

export interface SlackWorkerOptions {
  config: Pick<LookoutConfig, 'probe'>;
  log: Log;
  /** How `check` asks; default: DNS over UDP/TCP with the configured timeout. */
  prober?: Prober;
  /** Default: the config's `probe.resolvers`, else this host's (/etc/resolv.conf). */
  resolvers?: () => Promise<string[]>;
  /** For response-URL answers; default: the global fetch. */
  fetch?: FetchLike;
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
}

/** Bolt's Lambda handler (Function URL, API Gateway v1/v2 events; 2 arguments), as its receiver makes it. */
export type SlackLambdaHandler = ReturnType<AwsLambdaReceiver['toHandler']>;
type AwsEvent = Parameters<SlackLambdaHandler>[0];

export interface SlackWorker {
  /** Runs one job (never throws: failures are answered and logged). */
  run(job: SlackJob): Promise<void>;
  /** The worker Lambda's entry: parses what it was invoked with, then runs it. */
  handle(event: unknown): Promise<void>;
}

export interface SlackApp {
  app: App;
  worker: SlackWorker;
  handoff: Handoff;
  /** Resolves once the jobs handed off in this process so far are done (at once for a remote worker). */
  idle(): Promise<void>;
}

/**
 * The worker's composition root: what runs a handed-off job (the worker Lambda, or in process). It needs
 * no Bolt and no bot token: answers go to the request's response URL.
 */
export function createSlackWorker(options: SlackWorkerOptions): SlackWorker {
  const { config, log } = options;
  const configured = config.probe.resolvers;
  const deps: SlackWorkerDeps = {
    prober: options.prober ?? new DnsProbe({ timeoutMs: config.probe.timeoutMs }),
    resolvers: options.resolvers ?? (async () => (configured.length ? configured : systemResolvers())),
    respond: (url, message) => postToResponseUrl(url, message, options.fetch),
    log,
  };
  const run = (job: SlackJob) => runJob(job, deps);
  return {
    run,
    async handle(event) {
      const job = slackJobSchema.safeParse(event);
      if (!job.success) {
        // Nobody to answer: without a valid job there is no response URL to trust.
        log.error('the Slack worker was sent something that is not a job; ignored', job.error);
        return;
      }
      await run(job.data);
    },
  };
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
  const worker = createSlackWorker(options);
  const inProcess = options.handoff ? undefined : new InProcessHandoff(worker.run, log);
  const handoff = options.handoff ?? (inProcess as InProcessHandoff);
  const credentials = options.credentials;
  const app = new App({
    receiver: options.receiver,
    // Lookout's own authorize: Bolt never calls auth.test (not at cold start, not on the first request).
    authorize: async () => {
      const known = typeof credentials === 'function' ? await credentials() : credentials;
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
  const { commands } = createIncidentApp({ store, detection: config.detection, log, now });
  registerLookoutApp(app, {
    store,
    config,
    now,
    log,
    handoff,
    incidents: commands,
    targets: options.targets,
  });
  return { app, worker, handoff, idle: () => inProcess?.idle() ?? Promise.resolve() };
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
  const raw = event.body ?? '';
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  return isValidSlackRequest({
    signingSecret,
    body,
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
    nowMilliseconds: nowMs,
  });
}

function header(event: AwsEvent, name: string): string | undefined {
  const key = Object.keys(event.headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : event.headers[key];
}
