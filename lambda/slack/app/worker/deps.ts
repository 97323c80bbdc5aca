import type { Log } from '../../../ports/log.js';
import type { Prober } from '../../../ports/prober.js';
import type { ResponseMessage } from '../response-url.js';

/** What the worker needs: no Bolt, no bot token (it answers through response URLs). */
export interface SlackWorkerDeps {
  prober: Prober;
  /** The resolvers `check` asks: the config's `probe.resolvers`, else this host's. */
  resolvers: () => Promise<string[]>;
  respond: (responseUrl: string, message: ResponseMessage) => Promise<void>;
  /** True for the first run of a job's request; false for a delivery of it seen before. */
  claim: (jobId: string) => Promise<boolean>;
  log: Log;
}
