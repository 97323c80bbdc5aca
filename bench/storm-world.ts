import { appendFileSync } from 'node:fs';
import { DemoDnsServer } from '../emulators/dns/dns-server.js';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../emulators/dynamodb/embedded-dynalite.js';
import { FakeSlack } from '../emulators/slack/slack-server.js';
import type { SlackSetup } from '../lambda/app/slack.js';
import { calmSettingsOf } from '../lambda/config/calm-schema.js';
import { configSchema, type LookoutConfig } from '../lambda/config/config-schema.js';
import { loadRunbooks } from '../lambda/config/load-runbooks.js';
import { resolveTargets } from '../lambda/config/resolve-targets.js';
import type { Target } from '../lambda/domain/targets.js';
import type { Log } from '../lambda/ports/log.js';
import { DeliveryHealth } from '../lambda/slack/delivery-health.js';
import { createStore, ensureTable, type Store } from '../lambda/store/store.js';
import { initialAnswer, STORM_ZONE, stormNames } from './storm-events.js';

export const STORM_TOKEN = 'xoxb-storm-bench';
/** Health and DNS both go to the config's one channel: the worst case for one channel. */
export const STORM_CHANNEL = 'C0ALERTS';

/** The limits the emulator enforces: Slack's ~1 post/s per channel with a burst of 3, and every tier. */
export const STORM_RATE_LIMIT = { perSecond: 1, burst: 3, tiers: true } as const;

export interface StormWorld {
  dynamo: EmbeddedDynamo;
  store: Store;
  slack: FakeSlack;
  dns: DemoDnsServer;
  config: LookoutConfig;
  targets: Target[];
  /** Slack as a Lambda's `slackFor` builds it from the config (calm defaults). */
  slackSetup: SlackSetup;
  close(): Promise<void>;
}

/**
 * dynalite, the Slack emulator with its rate limits and tiers on, and one authoritative DNS server
 * serving `names` names in exact mode (a changed answer is an entry); the config a user would write:
 * one `slack.channel`, no routing rules, `slack.calm` left at its defaults.
 */
export async function startStormWorld(names: number): Promise<StormWorld> {
  const dynamo = await startEmbeddedDynamo();
  const closers: (() => Promise<unknown>)[] = [() => dynamo.close()];
  try {
    await ensureTable(dynamo.client, 'lookout-storm');
    const store = createStore(dynamo.client, 'lookout-storm');
    const slack = await new FakeSlack({
      tokens: [STORM_TOKEN],
      channels: [STORM_CHANNEL],
      rateLimit: STORM_RATE_LIMIT,
    }).start();
    closers.push(() => slack.stop());
    const dns = new DemoDnsServer({ zones: [{ origin: STORM_ZONE, negativeTtl: 5 }] });
    const names_ = stormNames(names);
    for (const [i, name] of names_.entries()) dns.setRecords(name, 'A', initialAnswer(i), 5);
    const resolver = await dns.start();
    closers.push(() => dns.stop());
    const config = configSchema.parse({
      probe: { resolvers: [resolver], timeoutMs: 2000 },
      slack: { channel: STORM_CHANNEL },
      targets: names_.map((name) => ({ name, type: 'A', mode: 'exact' })),
    });
    const slackSetup: SlackSetup = {
      channel: STORM_CHANNEL,
      token: STORM_TOKEN,
      apiUrl: slack.url,
      runbooks: loadRunbooks({ env: {} }),
      // One per container in Lambda; every flow of this process shares it, as one container's runs do.
      health: new DeliveryHealth('Put a working bot token in place.'),
      giveUpAfterMinutes: config.slack.giveUpAfterMinutes,
      incidentChannels: config.slack.incidentChannels,
      calm: calmSettingsOf(config.slack.calm),
    };
    return {
      dynamo,
      store,
      slack,
      dns,
      config,
      targets: resolveTargets(config, []),
      slackSetup,
      close: async () => {
        for (const close of closers.reverse()) await close().catch(() => {});
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => {});
    throw error;
  }
}

/**
 * Warnings and errors the flows logged, counted by message (what went wrong, for the report). With
 * `LOOKOUT_STORM_LOG=<file>` every line of every level is also appended there with its epoch ms, for
 * finding what a run did during a pause in the channel's calls.
 */
export function countingLog(): Log & { counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const file = process.env.LOOKOUT_STORM_LOG;
  const write = file
    ? (level: string, message: string, fields?: Record<string, unknown>) =>
        appendFileSync(file, `${JSON.stringify({ at: Date.now(), level, message, ...fields })}\n`)
    : () => {};
  // Times in a message (a lease held "until 17:09:37 UTC") would split one cause into many lines.
  const count = (message: string) => {
    const key = message.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/g, '<time>');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  return {
    counts,
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => {
      write('warn', message, fields);
      count(message);
    },
    error: (message, error) => {
      write('error', message, { error: String(error) });
      count(message);
    },
  };
}
