import { createHmac } from 'node:crypto';
import { DemoDnsServer } from '../emulators/dns/dns-server.js';
import { startEmbeddedDynamo } from '../emulators/dynamodb/embedded-dynalite.js';
import { FakeSlack } from '../emulators/slack/slack-server.js';
import { createProbeApp } from '../lambda/app/probe.js';
import { createSlackLambdaHandler } from '../lambda/app/slack-app.js';
import { configSchema } from '../lambda/config/config-schema.js';
import { resolveTargets } from '../lambda/config/resolve-targets.js';
import type { Log } from '../lambda/ports/log.js';
import { createStore, ensureTable } from '../lambda/store/store.js';
import type { LambdaBundle } from './bundles.js';
import { benchModuleInit, type ModuleInit } from './module-init.js';
import { progress, type Summary, summarize } from './stats.js';

/** Slack's 3 s, less the network both ways and a cold start: the issue's goal for a warm acknowledgement. */
export const SLACK_ACK_P95_LIMIT_MS = 300;

export interface AckLatency {
  /** `/lookout help`, `/lookout status`, `/lookout note <id> …` (an operator's change). */
  text: string;
  ms: Summary & { p95: number };
  /** HTTP statuses the handler answered, with counts (all 200 when nothing went wrong). */
  statuses: Record<string, number>;
}

export interface SlackLambdaFootprint {
  /** `probe`, `Slack function`, `Slack worker`. */
  role: string;
  bundle: LambdaBundle;
  init: ModuleInit;
}

export interface SlackAckResult {
  requestsPerCommand: number;
  warmupPerCommand: number;
  targets: number;
  openIncidents: number;
  latency: AckLatency[];
  /** Every command's requests together: what the target is checked against. */
  all: Summary & { p95: number };
  footprint: SlackLambdaFootprint[];
}

const SIGNING_SECRET = 'bench-signing-secret';
const CHANNEL = 'C0BENCH';
const ZONE = 'bench.test';
const TARGETS = 20;

const quiet: Log = { debug() {}, info() {}, warn() {}, error() {} };

/** The `p`-th percentile (nearest rank) of the samples. */
function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function withP95(samples: readonly number[]): Summary & { p95: number } {
  return { ...summarize(samples), p95: percentile(samples, 95) };
}

/** A Function URL event for a POST signed as Slack signs it (v0 HMAC-SHA256 of `v0:<ts>:<body>`). */
function signedEvent(body: string, nowMs: number) {
  const timestamp = Math.floor(nowMs / 1000);
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: {
      host: 'bench.lambda-url.us-east-1.on.aws',
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'bench',
      domainName: 'bench.lambda-url.us-east-1.on.aws',
      http: {
        method: 'POST',
        path: '/',
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.10',
        userAgent: 'Slackbot',
      },
      requestId: `bench-${nowMs}`,
      routeKey: '$default',
      stage: '$default',
      time: new Date(nowMs).toUTCString(),
      timeEpoch: nowMs,
    },
    body,
    isBase64Encoded: false,
  };
}

/**
 * Acknowledgement latency of signed `/lookout help`, `/lookout status` and `/lookout note` requests through the Slack
 * Lambda's handler code (signature gate, Bolt's AwsLambdaReceiver, the request claim, the listener),
 * warm, in this process: dynalite (embedded, its server in this process too) holds the state of
 * TARGETS watched names after one real probe round with an open incident, and the Slack emulator issues
 * each request's trigger id and response URL. The commands are interleaved request by request.
 */
async function ackLatency(requests: number, warmup: number) {
  const dynamo = await startEmbeddedDynamo();
  const slack = await new FakeSlack({ channels: [CHANNEL] }).start();
  const dns = new DemoDnsServer({ zones: [{ origin: ZONE, negativeTtl: 30, soaTtl: 300 }] });
  try {
    const resolver = await dns.start();
    const names = Array.from({ length: TARGETS }, (_, i) => `svc-${i}.${ZONE}`);
    for (const name of names) dns.setRecords(name, 'A', ['192.0.2.1', '192.0.2.2'], 60);
    const config = configSchema.parse({
      probe: { resolvers: [resolver], timeoutMs: 2_000 },
      detection: { emptyAfterProbes: 1 },
      // U0ALICE may change incidents: `note` runs the authorised path (claim, change, hand-off).
      slack: { channel: CHANNEL, operators: { users: ['U0ALICE'] } },
      targets: names.map((name) => ({ name, type: 'A', mode: 'exact' })),
    });
    const targets = resolveTargets(config, []);
    await ensureTable(dynamo.client, 'lookout-bench-slack');
    const store = createStore(dynamo.client, 'lookout-bench-slack');
    // svc-0 answers, then empties: one open EMPTY incident for `status` to list and `note` to write to.
    const probe = createProbeApp({ config, targets, store, log: quiet, channel: CHANNEL });
    await probe.round();
    dns.deleteName(names[0] as string);
    await probe.round();
    const openIncidents = (await store.incidents.list(100)).filter((i) => i.status !== 'resolved').length;

    const { handler } = createSlackLambdaHandler({
      signingSecret: SIGNING_SECRET,
      credentials: { botToken: 'xoxb-bench', botId: 'B0BENCH', botUserId: 'U0BENCH' },
      store,
      config,
      targets: async () => targets,
      log: quiet,
      apiUrl: slack.url,
      // Stands for the worker's asynchronous Invoke: the job is on its way when send resolves; what the
      // worker then does (posting the note) is not part of the acknowledgement.
      handoff: { send: async () => undefined },
    });
    const open = (await store.incidents.list(10)).find((i) => i.status !== 'resolved');
    if (!open) throw new Error('the probe round opened no incident for `note` to write to');
    const noteTarget = open.id;
    const texts = ['help', 'status', `note ${noteTarget} bench note`];
    const samples = new Map(texts.map((t) => [t, [] as number[]]));
    const statuses = new Map(texts.map((t) => [t, {} as Record<string, number>]));
    for (let i = 0; i < warmup + requests; i++) {
      for (const text of texts) {
        const payload = slack.slashCommand({ command: '/lookout', text, user: 'U0ALICE', channel: CHANNEL });
        const body = new URLSearchParams({ ...payload, api_app_id: 'A0BENCH' }).toString();
        const event = signedEvent(body, Date.now());
        const started = performance.now();
        const response = (await handler(event as never, {} as never)) as { statusCode: number };
        const ms = performance.now() - started;
        if (i < warmup) continue;
        samples.get(text)?.push(ms);
        const counts = statuses.get(text) as Record<string, number>;
        counts[response.statusCode] = (counts[response.statusCode] ?? 0) + 1;
      }
    }
    const latency = texts.map((text) => ({
      text: `/lookout ${text.replace(noteTarget, '<id>')}`,
      ms: withP95(samples.get(text) ?? []),
      statuses: statuses.get(text) ?? {},
    }));
    return { latency, all: withP95([...samples.values()].flat()), openIncidents };
  } finally {
    await Promise.all([dns.stop(), slack.stop(), dynamo.close()]);
  }
}

const ROLES: [string, RegExp][] = [
  ['probe', /\/Probing\/Probe\//],
  ['Slack function', /\/SlackApp\/Requests\//],
  ['Slack worker', /\/SlackApp\/Worker\//],
];

/**
 * The Slack function's and the worker's bundles and cold module init beside the probe's, from a real
 * synth: reused from the run's `cdk synth` and module-init sections when they ran, measured here otherwise.
 */
async function footprint(
  bundles: readonly LambdaBundle[],
  inits: readonly ModuleInit[],
  spawns: number,
): Promise<SlackLambdaFootprint[]> {
  const found: SlackLambdaFootprint[] = [];
  for (const [role, path] of ROLES) {
    const bundle = bundles.find((b) => path.test(b.function));
    if (!bundle)
      throw new Error(`no ${role} bundle in the synth (${bundles.map((b) => b.function).join(', ')})`);
    const init = inits.find((i) => i.function === bundle.function) ?? (await benchModuleInit(bundle, spawns));
    found.push({ role, bundle, init });
  }
  return found;
}

export async function benchSlackAck(options: {
  quick: boolean;
  spawns: number;
  bundles: readonly LambdaBundle[];
  inits?: readonly ModuleInit[];
}): Promise<SlackAckResult> {
  const requestsPerCommand = options.quick ? 20 : 200;
  const warmupPerCommand = options.quick ? 5 : 20;
  progress(
    `Slack ack: ${requestsPerCommand} × /lookout help, status and note (after ${warmupPerCommand} warm-up each)…`,
  );
  const measured = await ackLatency(requestsPerCommand, warmupPerCommand);
  progress(
    `Slack ack: p50 ${measured.all.median.toFixed(1)} ms, p95 ${measured.all.p95.toFixed(1)} ms (goal ≤ ${SLACK_ACK_P95_LIMIT_MS} ms)`,
  );
  return {
    requestsPerCommand,
    warmupPerCommand,
    targets: TARGETS,
    openIncidents: measured.openIncidents,
    latency: measured.latency,
    all: measured.all,
    footprint: await footprint(options.bundles, options.inits ?? [], options.spawns),
  };
}

const f = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const kib = (bytes: number) => `${f(bytes)} B (${f(bytes / 1024, 1)} KiB)`;

/** Bundle import over bare Node (process wall time, medians): what the bundle adds to a cold start. */
function initOverBare(init: ModuleInit): number {
  const bundle = init.variants.find((v) => v.label.startsWith('bundle') && !v.label.includes('without'));
  return (bundle?.processMs.median ?? Number.NaN) - init.baseline.processMs.median;
}

/** The lines `npm run bench` prints for this section. */
export function slackAckSummary(r: SlackAckResult): string[] {
  return [
    ...r.latency.map(
      (l) =>
        `  slack ack ${l.text}: p50 ${l.ms.median.toFixed(1)} ms, p95 ${l.ms.p95.toFixed(1)} ms, max ${l.ms.max.toFixed(1)} ms (n=${l.ms.runs})`,
    ),
    ...r.footprint.map(
      (x) =>
        `  slack footprint ${x.role}: index.mjs ${x.bundle.entryBytes.toLocaleString('en-US')} B, init +${initOverBare(x.init).toFixed(0)} ms over bare Node`,
    ),
  ];
}

/** BENCHMARKS.md's section. */
export function slackAckSection(r: SlackAckResult): string[] {
  const statuses = (s: Record<string, number>) =>
    Object.entries(s)
      .map(([code, n]) => `${n}× HTTP ${code}`)
      .join(', ');
  return [
    `Signed slash commands (v0 HMAC-SHA256, as Slack signs them) through the Slack Lambda's handler code — the signature gate, Bolt's \`AwsLambdaReceiver\`, the request claim (a conditional write), the \`/lookout\` router and the subcommand — called in this process with a Function URL event, warm: ${r.warmupPerCommand} warm-up requests per command first, not counted, then ${r.requestsPerCommand} per command, the three commands interleaved. \`status\` reads ${r.targets} watched names' state and ${r.openIncidents} open incident(s) written by one real probe round before; \`note\` is an operator's change (configured user, so no Slack call to authorise): the request claim, the note written to the incident's timeline and its delivery handed to the worker (the hand-off here resolves at once, standing for Lambda's asynchronous Invoke, whose latency is not in these numbers). The store is dynalite, embedded in this process (its server's CPU is inside these times; on AWS that part is DynamoDB's, over the network); the Slack emulator issues each request's trigger id and response URL. What is not in these numbers: the network between Slack and the Function URL, and Lambda's own invoke overhead.`,
    '',
    '| request | p50 (median) | p95 | min | max | runs | answered |',
    '|---|---|---|---|---|---|---|',
    ...r.latency.map(
      (l) =>
        `| \`${l.text}\` | ${f(l.ms.median, 1)} ms | ${f(l.ms.p95, 1)} ms | ${f(l.ms.min, 1)} ms | ${f(l.ms.max, 1)} ms | ${l.ms.runs} | ${statuses(l.statuses)} |`,
    ),
    `| both | ${f(r.all.median, 1)} ms | **${f(r.all.p95, 1)} ms** | ${f(r.all.min, 1)} ms | ${f(r.all.max, 1)} ms | ${r.all.runs} | |`,
    '',
    `Goal: p95 ≤ ${SLACK_ACK_P95_LIMIT_MS} ms (Slack gives an app 3 s; the rest is for the network and a cold start) — **${r.all.p95 <= SLACK_ACK_P95_LIMIT_MS ? 'met' : 'MISSED'}**.`,
    '',
    'The Slack function carries Bolt; the worker and the probe do not. Bundle sizes from the same `cdk synth` as section 3, cold module init from fresh `node` processes as in section 4 (process wall time; medians; the function’s own environment from the template):',
    '',
    '| function | role | index.mjs | whole asset dir | bundle import, process median | bare Node, process median | bundle − bare Node | spawns |',
    '|---|---|---|---|---|---|---|---|',
    ...r.footprint.map((x) => {
      const bundle = x.init.variants.find(
        (v) => v.label.startsWith('bundle') && !v.label.includes('without'),
      );
      return `| ${x.bundle.function} | ${x.role} | ${kib(x.bundle.entryBytes)} | ${kib(x.bundle.assetBytes)} | ${f(bundle?.processMs.median ?? Number.NaN, 1)} ms | ${f(x.init.baseline.processMs.median, 1)} ms | **${f(initOverBare(x.init), 1)} ms** | ${x.init.spawns} |`;
    }),
    '',
  ];
}
