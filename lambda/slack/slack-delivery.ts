import { CALM_DEFAULTS, type CalmSettings } from '../domain/calm/settings.js';
import { digestDefaults } from '../domain/health/health-digest.js';
import type { RestoreSettings } from '../domain/route53/restore-target.js';
import type { Runbook } from '../domain/runbooks/schema.js';
import type { Store } from '../store/store.js';
import { SlackChannelAdmin } from './channel-admin.js';
import { createSlackClient } from './client.js';
import type { DeliveryHealth } from './delivery-health.js';
import { DigestSender } from './digest-sender.js';
import { type IncidentChannelSettings, IncidentChannels } from './incident-channels.js';
import { type DeliveryLogger, OutboxSender } from './outbox-sender.js';
import { LOOKUP_GRACE_MS } from './post-lookup.js';
import { paceKey, pacerFor, type SlackPace } from './slack-pace.js';
import { SlackPoster, type SlackPosterOptions } from './slack-poster.js';
import { StormThreads } from './storm-threads.js';

export interface SlackDeliveryOptions {
  token: string;
  /** Another Web API base URL (the local Slack server, GovSlack); Slack's own by default. */
  apiUrl?: string | undefined;
  store: Store;
  runbooks: readonly Runbook[];
  logger: DeliveryLogger;
  health: DeliveryHealth;
  giveUpAfterMinutes: number;
  /** Who is invited to incident channels and whether they are archived (config slack.incidentChannels). */
  incidentChannels?: IncidentChannelSettings | undefined;
  /** `route53:` restore settings: roots offer Restore where restore from Slack applies. */
  restore?: RestoreSettings | undefined;
  /** Epoch ms after which no Slack call starts (a Lambda's end minus a margin). */
  deadline?: () => number;
  clock?: () => Date;
  /** Paces the Web API calls; by default the process's one pacer for this token and API URL. */
  pace?: SlackPace;
  /** Grouping and root-edit pacing (config slack.calm); CALM_DEFAULTS when absent. */
  calm?: CalmSettings | undefined;
  onCall?: SlackPosterOptions['onCall'];
}

/** The outbox sender over Slack's Web API, built the same way for Lambda and local runs. */
export function createSlackDelivery(options: SlackDeliveryOptions): OutboxSender {
  const client = createSlackClient(options.token, options.apiUrl ? { slackApiUrl: options.apiUrl } : {});
  // Shared with every other delivery in this process for the same workspace: Slack's limits are its.
  const pace = options.pace ?? pacerFor(paceKey(options.token, options.apiUrl));
  const poster = new SlackPoster(client, {
    ...(options.deadline ? { deadline: options.deadline } : {}),
    pace,
    onRateLimited: (seconds, method) =>
      options.logger.warn(`Slack rate-limited ${method}; waiting ${seconds} s`, { method, seconds }),
    ...(options.onCall ? { onCall: options.onCall } : {}),
  });
  const now = options.clock ?? (() => new Date());
  const digests = new DigestSender({
    digests: options.store.digests,
    slack: poster,
    now,
    log: options.logger,
    closedKeepMs: digestDefaults.closedKeepMs,
  });
  const incidents = options.store.incidents;
  const channels = new IncidentChannels({
    slack: poster,
    admin: new SlackChannelAdmin(client, {
      pace,
      ...(options.deadline ? { deadline: options.deadline } : {}),
    }),
    incidents: { updateChannels: (id, change) => incidents.updateChannels(id, change) },
    settings: options.incidentChannels,
    now,
    log: options.logger,
    graceMs: LOOKUP_GRACE_MS,
  });
  const calm = options.calm ?? CALM_DEFAULTS;
  const storms = new StormThreads({
    repo: options.store.storms,
    slack: {
      postStorm: async (channel, message, key) => {
        const posted = await poster.postRoot(channel, message, key);
        return { channel: posted.channel, ts: posted.ts };
      },
      updateStorm: async (ref, message) => {
        await poster.updateRoot(ref, message);
      },
      findStorm: (channel, key, sinceMs) => poster.findRoot(channel, key, sinceMs),
    },
    now,
    log: options.logger,
    settings: calm.storm,
    rootEditMs: calm.rootEditMs,
    lookupGraceMs: LOOKUP_GRACE_MS,
  });
  return new OutboxSender({
    outbox: options.store.outbox,
    incidents: options.store.incidents,
    slack: poster,
    runbooks: options.runbooks,
    now,
    log: options.logger,
    health: options.health,
    maxAgeMs: options.giveUpAfterMinutes * 60_000,
    digests,
    channels,
    restore: options.restore,
    threads: options.store.threads,
    calm,
    storms,
    ...(options.deadline ? { deadline: options.deadline } : {}),
  });
}
