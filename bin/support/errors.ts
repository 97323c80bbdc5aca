import { CommanderError } from 'commander';
import { ConfigError } from '../../lambda/config/errors.js';
import { IncidentTransitionError } from '../../lambda/domain/incidents/errors.js';
import { RunbookError } from '../../lambda/domain/runbooks/errors.js';
import { InvalidReplayInputError } from '../../lambda/sources/route53/replay-input.js';
import { NotFoundError } from '../../lambda/store/errors.js';

/**
 * Turns an error into one clear line for the person at the terminal and an exit code: 1 for usage and
 * configuration problems (they can fix them), 70 for anything unexpected (with the stack when LOOKOUT_DEBUG=1).
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
  const err = error as Error;
  stderr.write(`lookout: unexpected error: ${err?.message ?? String(error)}\n`);
  if (process.env.LOOKOUT_DEBUG === '1' && err?.stack) stderr.write(`${err.stack}\n`);
  return 70;
}
