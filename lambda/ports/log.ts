/** The logging surface the service needs; Powertools' Logger and the terminal logger both fit it. */
export interface Log {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  /** An `error` key in `extra` holds the error object itself, never its String(). */
  warn(message: string, extra?: Record<string, unknown>): void;
  /**
   * `error` is the error object itself (never `String(error)`): Powertools logs its name, stack and
   * `cause` chain, the terminal its message and causes.
   */
  error(message: string, error?: unknown, extra?: Record<string, unknown>): void;
}

export const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} };
