import type { Log } from './log.js';

/**
 * What every service's constructor takes besides its own collaborators: the clock (injected, so tests
 * and replays control time) and the log. Services take one deps object extending this.
 */
export interface ServiceDeps {
  now: () => Date;
  log: Log;
}
