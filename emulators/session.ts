import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatorChoice } from './choices.js';
import { DemoDnsServer } from './dns/dns-server.js';
import {
  EMULATOR_CREDENTIALS,
  EMULATOR_SLACK,
  EXAMPLE_RECORDS,
  EXAMPLE_ZONE,
  exampleConfig,
} from './example-zone.js';
import { FakeHealth } from './health/fake-health.js';
import { SAMPLE_HEALTH_EVENT } from './health/sample-event.js';
import type { HealthRegion } from './health/service.js';
import { FakeRoute53 } from './route53/fake-route53.js';
import { change, route53Client } from './route53/sdk-helpers.js';
import { FakeSlack } from './slack/slack-server.js';
import type { RecordedResponse } from './slack/slack-types.js';
import { EMULATOR_APP_TOKEN, type SocketModeActivity } from './slack/socket-mode.js';
import { COMMAND_HOOK_PATH } from './slack/socket-mode-hook.js';

export type { EmulatorChoice } from './choices.js';

export interface RunningEmulators {
  /**
   * The Route 53 API endpoint (SDK `endpoint`), the DNS server's `host:port`, Slack's Web API base URL and
   * the WebSocket origin its `apps.connections.open` hands out (Socket Mode).
   */
  endpoints: { route53?: string; dns?: string; slack?: string; socketMode?: string; slackCommand?: string };
  zone?: { id: string; name: string };
  /** The AWS Health API: both regional endpoints, the active one, and the DNS server with its CNAME. */
  health?: {
    endpoints: Record<HealthRegion, string>;
    activeRegion: HealthRegion;
    /** `host:port` of the DNS server answering `global.health.amazonaws.com`. */
    dns: string;
    /** What `global.health.amazonaws.com` is a CNAME to. */
    cname: string;
    /** The events seeded at start, so DescribeEvents shows something. */
    seeded: string[];
  };
  /** What to export in the shell that runs Lookout against them, in the order to print it. */
  env: [name: string, value: string][];
  /** The directory holding the written config, CloudTrail events and the data directory. */
  dir: string;
  configFile?: string;
  /** Every change made through the Route 53 API, one EventBridge event per line (for `lookout replay`). */
  cloudTrailFile?: string;
  stop: () => Promise<void>;
}

/** One line per thing that happens in the emulators (a Route 53 change, a Slack post). */
export type EmulatorLog = (line: string) => void;

/**
 * Starts the chosen emulators on 127.0.0.1 with the example zone and writes a config for them into a
 * fresh directory (removed by `stop`). `route53` serves its zone over DNS too (as Route 53's name servers
 * do), so a change through the API is what the probe sees; `dns` is the DNS server alone; `health` is
 * the AWS Health API (both regions, the active one's CNAME served over DNS, one public event seeded);
 * `all` is Route 53 (with its DNS), Slack and Health.
 *
 * @example
 * const emulators = await startEmulators('all', console.log);
 * // emulators.env: LOOKOUT_ROUTE53_ENDPOINT, AWS_*, SLACK_*, LOOKOUT_CONFIG_FILE, LOOKOUT_DATA_DIR
 * await emulators.stop();
 */
export async function startEmulators(choice: EmulatorChoice, log: EmulatorLog): Promise<RunningEmulators> {
  const dir = mkdtempSync(join(tmpdir(), 'lookout-emulate-'));
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const running: RunningEmulators = { endpoints: {}, env: [], dir, stop };
    if (choice === 'route53' || choice === 'all') await startRoute53(running, stops, log);
    if (choice === 'dns') await startDns(running, stops);
    if (choice === 'slack' || choice === 'all') await startSlack(running, stops, log);
    if (choice === 'health' || choice === 'all') await startHealth(running, stops, log);
    if (running.endpoints.dns) {
      running.configFile = join(dir, 'lookout.config.yaml');
      writeFileSync(
        running.configFile,
        exampleConfig({
          resolver: running.endpoints.dns,
          ...(running.zone ? { zoneId: running.zone.id } : {}),
          ...(running.endpoints.slack
            ? { slackChannel: EMULATOR_SLACK.channel, slackOperators: [EMULATOR_SLACK.operator] }
            : {}),
        }),
      );
      running.env.push(['LOOKOUT_CONFIG_FILE', running.configFile], ['LOOKOUT_DATA_DIR', join(dir, 'data')]);
    }
    return running;
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startRoute53(
  running: RunningEmulators,
  stops: (() => Promise<void>)[],
  log: EmulatorLog,
): Promise<void> {
  // Throttling stays on (Route 53's 10/s, burst 50): Lookout's own limiter is part of what is tried.
  const route53 = new FakeRoute53({ host: '127.0.0.1' });
  const { endpoint, dnsAddress } = await route53.start();
  stops.push(() => route53.stop());
  route53.registerPrincipal(EMULATOR_CREDENTIALS.accessKeyId, EMULATOR_CREDENTIALS.arn);
  const zoneId = await route53.createZone({
    name: EXAMPLE_ZONE,
    tier: 'ADVANCED',
    acceleratedRecovery: 'ENABLED',
  });
  const cloudTrailFile = join(running.dir, 'cloudtrail.ndjson');
  writeFileSync(cloudTrailFile, '');
  route53.onCloudTrailEvent((event) => appendFileSync(cloudTrailFile, `${JSON.stringify(event)}\n`));
  // Seeded through the API, so Change History and CloudTrail know who wrote version 1.
  const client = route53Client(endpoint, EMULATOR_CREDENTIALS.accessKeyId);
  try {
    await change(
      client,
      zoneId,
      EXAMPLE_RECORDS.map((r) => ({
        Action: 'UPSERT',
        ResourceRecordSet: {
          Name: r.name,
          Type: r.type,
          TTL: r.ttl,
          ResourceRecords: r.values.map((Value) => ({ Value })),
        },
      })),
      'lookout emulate: example records',
    );
  } finally {
    client.destroy();
  }
  route53.onChange((batch) => {
    for (const c of batch.changes)
      log(`route53: ${c.action} ${c.set.name} ${c.set.type} by ${batch.caller.arn} (${batch.changeId})`);
  });
  running.endpoints.route53 = endpoint;
  if (dnsAddress) running.endpoints.dns = dnsAddress;
  running.zone = { id: zoneId, name: EXAMPLE_ZONE };
  running.cloudTrailFile = cloudTrailFile;
  running.env.push(['LOOKOUT_ROUTE53_ENDPOINT', endpoint]);
  pushEnv(running, AWS_ENV);
}

/** The emulators' fake credentials and region, for Lookout, the SDK and the AWS CLI. */
const AWS_ENV: [string, string][] = [
  ['AWS_ACCESS_KEY_ID', EMULATOR_CREDENTIALS.accessKeyId],
  ['AWS_SECRET_ACCESS_KEY', EMULATOR_CREDENTIALS.secretAccessKey],
  ['AWS_REGION', 'us-east-1'],
  // The AWS CLI reads this one, not AWS_REGION.
  ['AWS_DEFAULT_REGION', 'us-east-1'],
];

/** The account the emulator credentials belong to (their ARN's). */
const EMULATOR_ACCOUNT = EMULATOR_CREDENTIALS.arn.split(':')[4] as string;

/** Route 53 and Health share the credentials: each variable is printed once. */
function pushEnv(running: RunningEmulators, vars: [string, string][]): void {
  for (const [name, value] of vars)
    if (!running.env.some(([known]) => known === name)) running.env.push([name, value]);
}

async function startHealth(
  running: RunningEmulators,
  stops: (() => Promise<void>)[],
  log: EmulatorLog,
): Promise<void> {
  const health = new FakeHealth({ host: '127.0.0.1', dns: true });
  const { endpoints, dnsAddress } = await health.start();
  stops.push(() => health.stop());
  health.registerAccount(EMULATOR_CREDENTIALS.accessKeyId, EMULATOR_ACCOUNT);
  health.publish(SAMPLE_HEALTH_EVENT);
  health.onRequest((r) => {
    const error = r.errorType ? ` ${r.errorType}` : '';
    log(`health: ${r.operation} at ${r.region} → ${r.status === 0 ? 'connection reset' : r.status}${error}`);
  });
  running.health = {
    endpoints,
    activeRegion: health.activeRegion,
    dns: dnsAddress ?? '',
    cname: health.cnameTarget(),
    seeded: [SAMPLE_HEALTH_EVENT.arn],
  };
  pushEnv(running, AWS_ENV);
}

async function startDns(running: RunningEmulators, stops: (() => Promise<void>)[]): Promise<void> {
  const dns = new DemoDnsServer({ zones: [EXAMPLE_ZONE] });
  for (const r of EXAMPLE_RECORDS) dns.setRecords(r.name, r.type, r.values, r.ttl);
  running.endpoints.dns = await dns.start();
  stops.push(() => dns.stop());
}

async function startSlack(
  running: RunningEmulators,
  stops: (() => Promise<void>)[],
  log: EmulatorLog,
): Promise<void> {
  const slack = new FakeSlack({
    tokens: [EMULATOR_SLACK.token],
    channels: [EMULATOR_SLACK.channel],
    names: { [EMULATOR_SLACK.channel]: EMULATOR_SLACK.name },
    appTokens: [EMULATOR_APP_TOKEN],
    // Nobody moves a clock here: the ack window is checked on a real timer.
    sweepEveryMs: 500,
  });
  await slack.start();
  stops.push(() => slack.stop());
  slack.onMessage((message) => {
    const where = message.thread_ts ? `thread ${message.thread_ts}` : 'new message';
    log(`slack: ${channelName(message.channel)} ${where}: ${firstLine(message.text)}`);
  });
  // Answers a person sees outside the channel's history: without these lines `/lookout check` looks silent.
  slack.onResponse((response) => log(`slack: response_url ${describeResponse(response)}`));
  slack.onEphemeral((ephemeral) => {
    // A response URL's ephemeral answer is already told by its response_url line.
    if (ephemeral.via === 'chat.postEphemeral')
      log(
        `slack: ephemeral to ${ephemeral.user} in ${channelName(ephemeral.channel)}: ${firstLine(ephemeral.text)}`,
      );
  });
  slack.onView((view) => {
    const title = (view.view.title as { text?: unknown } | undefined)?.text;
    log(
      `slack: modal ${view.id} opened for ${view.user} (${view.method}): ${typeof title === 'string' ? title : 'untitled'}`,
    );
  });
  slack.socketMode.onActivity((activity) => {
    const line = describeSocketMode(activity);
    if (line) log(`slack: Socket Mode ${line}`);
  });
  running.endpoints.slack = slack.url;
  running.endpoints.socketMode = `${slack.origin.replace(/^http/, 'ws')}/link/`;
  running.endpoints.slackCommand = `${slack.origin}${COMMAND_HOOK_PATH}`;
  running.env.push(
    ['SLACK_API_URL', slack.url],
    ['SLACK_BOT_TOKEN', EMULATOR_SLACK.token],
    ['SLACK_CHANNEL', EMULATOR_SLACK.channel],
    ['SLACK_APP_TOKEN', EMULATOR_APP_TOKEN],
  );
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0] ?? '';
}

/** `#lookout-alerts` for the emulator's alert channel; other channels (incident channels) by id. */
function channelName(channel: string): string {
  return channel === EMULATOR_SLACK.channel ? `#${EMULATOR_SLACK.name}` : channel;
}

/** How a response URL was answered: ephemeral (Slack's default), in the channel, replacing or deleting. */
function describeResponse(response: RecordedResponse): string {
  if (response.error) return `refused (${response.status} ${response.error})`;
  const body = response.body ?? {};
  const flag = (name: string) => body[name] === true || body[name] === 'true';
  if (flag('delete_original')) return 'deleted the original message';
  const how = flag('replace_original')
    ? 'replaced the original'
    : body.response_type === 'in_channel'
      ? 'in channel'
      : 'ephemeral';
  return `${how}: ${firstLine(typeof body.text === 'string' ? body.text : undefined)}`;
}

/** One log line per connection, envelope and ack; deliveries are said by their acks. */
function describeSocketMode(activity: SocketModeActivity): string | undefined {
  switch (activity.kind) {
    case 'connected':
      return `connection ${activity.connection} opened (${activity.open} open)`;
    case 'closed':
      return `connection ${activity.connection} closed (${activity.open} open)`;
    case 'acked': {
      const text = activity.ack.payload?.text;
      const answer = typeof text === 'string' ? `: ${text.split('\n')[0]}` : '';
      return `${activity.ack.type ?? 'unknown envelope'} acked${activity.ack.late ? ' late' : ''}${answer}`;
    }
    case 'timed-out':
      return `${activity.type} ${activity.envelope_id} not acked within 3 s`;
    default:
      return undefined;
  }
}
