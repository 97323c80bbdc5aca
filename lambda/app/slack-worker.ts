import type { LookoutConfig } from '../config/config-schema.js';
import type { Log } from '../ports/log.js';
import type { Prober } from '../ports/prober.js';
import { type SlackJob, slackJobSchema } from '../slack/app/jobs.js';
import { CLAIM_KEEP_MS } from '../slack/app/middleware/claim-request.js';
import { type FetchLike, postToResponseUrl } from '../slack/app/response-url.js';
import type { SlackWorkerDeps } from '../slack/app/worker/deps.js';
import { runJob } from '../slack/app/worker/index.js';
import { DnsProbe } from '../sources/dns/dns-probe.js';
import { systemResolvers } from '../sources/dns/system-resolvers.js';
import type { Store } from '../store/store.js';

export interface SlackWorkerOptions {
  config: Pick<LookoutConfig, 'probe'>;
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
