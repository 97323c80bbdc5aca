import { CommanderError } from 'commander';
import { StoreAccessError, StoreBusyError, StoreDamagedError } from '../../emulators/dynamodb/errors.js';
import { ConfigError } from '../../lambda/config/errors.js';
import { IncidentTransitionError } from '../../lambda/domain/incidents/errors.js';
import { RunbookError } from '../../lambda/domain/runbooks/errors.js';
import { describeError } from '../../lambda/shared/describe-error.js';
import { InvalidReplayInputError } from '../../lambda/sources/route53/errors.js';
import { NotFoundError } from '../../lambda/store/errors.js';
import { EXIT } from './exit-codes.js';
import { storageFailure } from './local-store.js';
import { ServiceAccessError, ServiceUnreachableError, serviceFailure } from './service-failures.js';

/** Exit codes beyond 0/1 that any command can end with (README, "Exit codes"); sysexits.h values. */
export const EXIT_UNAVAILABLE = EXIT.unavailable;
export const EXIT_STORE_DAMAGED = EXIT.storeDamaged;
export const EXIT_STORE_BUSY = EXIT.storeBusy;
export const EXIT_STORE_ACCESS = EXIT.notPermitted;
export const EXIT_BUG = EXIT.bug;

/**
 * Turns an error into one clear line, `lookout: …`, for the person at the terminal and an exit code: 1
 * for usage and configuration problems (they can fix them), 69 for a service that could not be reached,
 * 74/75/77 for a local store that is damaged, busy or another user's (77 also for AWS credentials that
 * are missing or refused), 70 for anything unexpected, a bug (with the stack when LOOKOUT_DEBUG=1).
 */
export function reportError(
  error: unknown,
  stderr: { write: (text: string) => unknown } = process.stderr,
): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message (and help/version output exits 0).
    return error.exitCode === 0 ? 0 : EXIT.usage;
  }
  const known = knownFailure(error);
  if (known) {
    stderr.write(`lookout: ${known.error.message}\n`);
    return known.code;
  }
  const err = error as Error;
  stderr.write(`lookout: unexpected error: ${describeError(error)}\n`);
  if (process.env.LOOKOUT_DEBUG === '1' && err?.stack) stderr.write(`${err.stack}\n`);
  return EXIT.bug;
}

function knownFailure(error: unknown): { error: Error; code: number } | undefined {
  if (
    error instanceof ConfigError ||
    error instanceof RunbookError ||
    error instanceof NotFoundError ||
    error instanceof IncidentTransitionError ||
    error instanceof InvalidReplayInputError ||
    (error as NodeJS.ErrnoException)?.code === 'ENOENT'
  ) {
    return { error: error as Error, code: EXIT.usage };
  }
  if (error instanceof StoreBusyError) return { error, code: EXIT.storeBusy };
  if (error instanceof StoreAccessError) return { error, code: EXIT.notPermitted };
  if (error instanceof StoreDamagedError) return { error, code: EXIT.storeDamaged };
  const failure = storageFailure(error);
  if (failure) return { error: failure, code: EXIT.storeDamaged };
  // A command that knows which service it called says so; one that does not still gets the right code.
  const service =
    error instanceof ServiceUnreachableError || error instanceof ServiceAccessError
      ? error
      : serviceFailure(error, { service: 'a service Lookout needs' });
  if (service instanceof ServiceUnreachableError) return { error: service, code: EXIT.unavailable };
  if (service instanceof ServiceAccessError) return { error: service, code: EXIT.notPermitted };
  return undefined;
}
