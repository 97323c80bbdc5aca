import { CommanderError } from 'commander';
import { ConfigError } from '../../lambda/config/errors.js';
import { IncidentTransitionError } from '../../lambda/domain/incidents/errors.js';
import { RunbookError } from '../../lambda/domain/runbooks/errors.js';
import { InvalidReplayInputError } from '../../lambda/sources/route53/replay-input.js';
import { StoreAccessError, StoreBusyError, StoreDamagedError } from '../../lambda/store/embedded-errors.js';
import { NotFoundError } from '../../lambda/store/errors.js';
import { storageFailure } from './local-store.js';

/** Exit codes beyond 0/1 that any command can end with (README, "Exit codes"); sysexits.h values. */
export const EXIT_STORE_DAMAGED = 74; // EX_IOERR
export const EXIT_STORE_BUSY = 75; // EX_TEMPFAIL: try again
export const EXIT_STORE_ACCESS = 77; // EX_NOPERM
export const EXIT_BUG = 70; // EX_SOFTWARE

/**
 * Turns an error into one clear line for the person at the terminal and an exit code: 1 for usage and
 * configuration problems (they can fix them), 74/75/77 for a local store that is damaged, busy or
 * another user's, 70 for anything unexpected (with the stack when LOOKOUT_DEBUG=1).
 */
export function reportError(error: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message (and help/version output exits 0).
    return error.exitCode === 0 ? 0 : 1;
  }
  if (error instanceof ConfigError || error instanceof RunbookError) {
    stderr.write(`lookout: ${error.message}\n`);
    return 1;
  }
  if (
    error instanceof NotFoundError ||
    error instanceof IncidentTransitionError ||
    error instanceof InvalidReplayInputError ||
    (error as NodeJS.ErrnoException)?.code === 'ENOENT'
  ) {
    stderr.write(`lookout: ${(error as Error).message}\n`);
    return 1;
  }
  const store = storeExit(error);
  if (store) {
    stderr.write(`lookout: ${store.error.message}\n`);
    return store.code;
  }
  const err = error as Error;
  stderr.write(`lookout: unexpected error: ${err?.message ?? String(error)}\n`);
  if (process.env.LOOKOUT_DEBUG === '1' && err?.stack) stderr.write(`${err.stack}\n`);
  return EXIT_BUG;
}

function storeExit(error: unknown): { error: Error; code: number } | undefined {
  if (error instanceof StoreBusyError) return { error, code: EXIT_STORE_BUSY };
  if (error instanceof StoreAccessError) return { error, code: EXIT_STORE_ACCESS };
  if (error instanceof StoreDamagedError) return { error, code: EXIT_STORE_DAMAGED };
  const failure = storageFailure(error);
  return failure ? { error: failure, code: EXIT_STORE_DAMAGED } : undefined;
}
