import { type Logger, LogLevel } from '@slack/bolt';
import type { Log } from '../../ports/log.js';

/**
 * Bolt's logger over Lookout's Log, so Bolt's own lines (a listener that threw, a request no listener
 * matched) reach the same structured logs as everything else.
 */
export function boltLogger(log: Log): Logger {
  let level = LogLevel.INFO;
  let name = 'bolt';
  const text = (parts: unknown[]) => parts.map((p) => (typeof p === 'string' ? p : String(p))).join(' ');
  return {
    debug: (...parts) => log.debug(text(parts), { logger: name }),
    info: (...parts) => log.info(text(parts), { logger: name }),
    warn: (...parts) => log.warn(text(parts), { logger: name }),
    error: (...parts) => {
      const error = parts.find((p) => p instanceof Error);
      log.error(text(parts.filter((p) => p !== error)) || 'Bolt error', error, { logger: name });
    },
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next) => {
      name = next;
    },
  };
}
