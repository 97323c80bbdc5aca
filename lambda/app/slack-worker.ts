import type { LookoutConfig } from '../config/config-schema.js';
import type { TimelineEntry } from '../domain/incident.js';
import type { Log } from '../ports/log.js';
import type { Prober } from '../ports/prober.js';
import { appendTimelineEntry } from '../service/timeline-append.js';
import { type SlackJob, slackJobSchema } from '../slack/app/jobs.js';
import { CLAIM_KEEP_MS } from '../slack/app/middleware/claim-request.js';
import { type FetchLike, postToResponseUrl } from '../slack/app/response-url.js';
import type { SlackFile, SlackPoster, SlackWorkerDeps } from '../slack/app/worker/deps.js';
import { runJob } from '../slack/app/worker/index.js';
import { DnsProbe } from '../sources/dns/dns-probe.js';
import { systemResolvers } from '../sources/dns/system-resolvers.js';
import { NotFoundError } from '../store/errors.js';
import type { Store } from '../store/store.js';
import { type SlackRestoreOptions, slackRestorer } from './slack-restore.js';

export interface SlackWorkerOptions {
  config: Pick<LookoutConfig, 'probe'> & Partial<Pick<LookoutConfig, 'route53'>>;
  log: Log;
  /** How `check` asks; default: DNS over UDP/TCP with the configured timeout. */
  prober?: Prober;
  /** Default: the config's `probe.resolvers`, else this host's (/etc/resolv.conf). */
  resolvers?: () => Promise<string[]>;
  /** For response-URL answers; default: the global fetch. */
  fetch?: FetchLike;
  /**
   * Where a job's request is claimed before it runs (the worker Lambda: an asynchronous invoke may be
   * delivered twice). Without it every job runs: in process, the request was claimed on the way in and
   * nothing delivers a job twice.
   */
  store?: Store;
  now?: () => Date;
  /**
   * Sends the outbox after a change from Slack (the probe app's `deliver`). Without it the change
   * reaches Slack with the next delivery of any flow (the probe round).
   */
  deliver?: () => Promise<unknown>;
  /** The bot token for files.uploadV2 (`timeline`), read when a job needs it. */
  botToken?: () => Promise<string | undefined>;
  /** Another Slack Web API base URL (SLACK_API_URL). */
  apiUrl?: string | undefined;
  /** Route 53 for restore from Slack (`route53.restoreFromSlack`): endpoint or client; default AWS. */
  route53?: SlackRestoreOptions['route53'];
  /** Restore settings a host or test chooses (resolvers to verify with, poll and timeouts). */
  restore?: SlackRestoreOptions['restore'];
}

export interface SlackWorker {
  /** Runs one job (never throws: failures are answered and logged). */
  run(job: SlackJob): Promise<void>;
  /** The worker Lambda's entry: parses what it was invoked with, then runs it. */
  handle(event: unknown): Promise<void>;
}

/**
 * The worker's composition root: what runs a handed-off job (the worker Lambda, or in process). It needs
 * no Bolt and no bot token: answers go to the request's response URL.
 */
export function createSlackWorker(options: SlackWorkerOptions): SlackWorker {
  const { config, log, store } = options;
  const now = options.now ?? (() => new Date());
  const configured = config.probe.resolvers;
  const deps: SlackWorkerDeps = {
    prober: options.prober ?? new DnsProbe({ timeoutMs: config.probe.timeoutMs }),
    resolvers: options.resolvers ?? (async () => (configured.length ? configured : systemResolvers())),
    respond: (url, message) => postToResponseUrl(url, message, options.fetch),
    claim: async (jobId) => (store ? store.requests.claim('slack-job', jobId, now(), CLAIM_KEEP_MS) : true),
    log,
    ...(store
      ? {
          restorer: slackRestorer({ ...options, config, store, now }),
          restoreZones: (config.route53?.zones ?? []).map((z) => z.id),
        }
      : {}),
    ...(options.deliver
      ? {
          deliver: async () => {
            await options.deliver?.();
          },
        }
      : {}),
    ...(store
      ? {
          incident: async (id: string) => {
            const incident = await store.incidents.get(id);
            if (!incident) throw new NotFoundError(`incident ${id}`);
            return { incident, timeline: await store.incidents.listTimeline(id) };
          },
          record: async (entry: TimelineEntry) => {
            const incident = await store.incidents.get(entry.incidentId);
            if (!incident) throw new NotFoundError(`incident ${entry.incidentId}`);
            await appendTimelineEntry(store, incident, entry, now());
          },
        }
      : {}),
    ...(options.botToken
      ? { upload: uploader(options.botToken, options.apiUrl), post: poster(options.botToken, options.apiUrl) }
      : {}),
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

/** The bot token's Web API client as the token is now; loaded on first use, like the uploader's. */
async function botClient(
  botToken: () => Promise<string | undefined>,
  apiUrl: string | undefined,
  scope: string,
) {
  const token = await botToken();
  if (!token) throw new Error(`no bot token to answer with (${scope})`);
  const { WebClient } = await import('@slack/web-api');
  return new WebClient(token, apiUrl ? { slackApiUrl: apiUrl } : {});
}

/** chat.postEphemeral, and chat.postMessage to a user id (Slack posts it in the bot's direct messages). */
function poster(botToken: () => Promise<string | undefined>, apiUrl: string | undefined): SlackPoster {
  return {
    async ephemeral({ channel, user, text }) {
      await (await botClient(botToken, apiUrl, 'chat:write')).chat.postEphemeral({ channel, user, text });
    },
    async direct({ user, text }) {
      await (await botClient(botToken, apiUrl, 'chat:write')).chat.postMessage({ channel: user, text });
    },
    async permalink({ channel, ts }) {
      const client = await botClient(botToken, apiUrl, 'chat.getPermalink');
      const { permalink } = await client.chat.getPermalink({ channel, message_ts: ts });
      if (!permalink) throw new Error('chat.getPermalink answered ok without a permalink');
      return permalink;
    },
    async channel(id) {
      const { channel } = await (await botClient(botToken, apiUrl, 'channels:read')).conversations.info({
        channel: id,
      });
      return { isMember: channel?.is_member === true, isArchived: channel?.is_archived === true };
    },
    async updateView({ viewId, hash, view }) {
      const client = await botClient(botToken, apiUrl, 'views.update');
      await client.views.update({
        view_id: viewId,
        ...(hash ? { hash } : {}),
        view: view as Parameters<typeof client.views.update>[0]['view'],
      });
    },
  };
}

/**
 * files.uploadV2 (getUploadURLExternal, the upload, completeUploadExternal) with the bot token as it is
 * now; the Web API client loads on the first upload, so a worker that never uploads never pays for it.
 */
function uploader(
  botToken: () => Promise<string | undefined>,
  apiUrl: string | undefined,
): (file: SlackFile) => Promise<void> {
  return async (file) => {
    const token = await botToken();
    if (!token) throw new Error('no bot token to upload the file with (files:write)');
    const { WebClient } = await import('@slack/web-api');
    const client = new WebClient(token, apiUrl ? { slackApiUrl: apiUrl } : {});
    const upload = {
      content: file.content,
      filename: file.filename,
      title: file.title,
      initial_comment: file.comment,
    };
    await client.filesUploadV2(
      file.threadTs
        ? { ...upload, channel_id: file.channel, thread_ts: file.threadTs }
        : { ...upload, channel_id: file.channel },
    );
  };
}
