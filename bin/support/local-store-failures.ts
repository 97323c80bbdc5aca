import { StoreAccessError, StoreDamagedError } from '../../emulators/dynamodb/errors.js';
import { accessError } from './local-store-permissions.js';

/** Data directories this process has open, to name in an error LevelDB raises while running. */
export const openDirs = new Set<string>();

/** What to throw when the embedded store in `dir` would not start: damage and access name what to do. */
export function openFailure(dir: string, error: unknown): unknown {
  if (error instanceof StoreDamagedError) {
    return new StoreDamagedError(
      dir,
      `the local store in ${dir} is damaged (${causeOf(error)}): move ${dir} aside (e.g. mv ${dir} ${dir}.damaged) and start again, or restore it from a backup`,
      { cause: error },
    );
  }
  if (error instanceof StoreAccessError) {
    return accessError(error.path, error);
  }
  return error;
}

/**
 * A storage error LevelDB raised after the store was opened (thrown from inside dynalite, so it reaches
 * the process as an uncaught exception), as a StoreDamagedError naming the data directory.
 */
export function storageFailure(error: unknown): StoreDamagedError | undefined {
  const code = String((error as { code?: unknown })?.code ?? '');
  const message = error instanceof Error ? error.message : '';
  const fromLevel =
    code.startsWith('LEVEL_') ||
    /^(Corruption|IO error):/.test(message) ||
    /^Database is (closed|not open)$/.test(message);
  if (!fromLevel) return undefined;
  const dir = [...openDirs][0] ?? 'the data directory';
  return new StoreDamagedError(
    dir,
    `the local store in ${dir} failed (${message}); if this happens again, move ${dir} aside and start again, or restore it from a backup`,
    { cause: error },
  );
}

function causeOf(error: Error): string {
  const cause = error.cause as { cause?: { message?: string }; message?: string } | undefined;
  return cause?.cause?.message ?? cause?.message ?? error.message;
}
