/**
 * Why an on-disk embedded store could not be opened. Each has a stable `code`; the CLI turns them into one
 * line and an exit code (bin/support/errors.ts).
 */
import { LookoutError } from '../../lambda/domain/errors.js';

/** Another process holds the store (LevelDB's lock), or another Lookout is already serving it. */
export class StoreBusyError extends LookoutError {
  override readonly name: string = 'StoreBusyError';
  readonly code = 'STORE_BUSY';
  constructor(
    /** The directory that is busy. */
    readonly directory: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** LevelDB reports corruption, or a file it needs is missing or unreadable. */
export class StoreDamagedError extends LookoutError {
  override readonly name: string = 'StoreDamagedError';
  readonly code = 'STORE_DAMAGED';
  constructor(
    /** The directory that holds the damaged store. */
    readonly directory: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A file or directory of the store cannot be read by this user, or belongs to another one. */
export class StoreAccessError extends LookoutError {
  override readonly name: string = 'StoreAccessError';
  readonly code = 'STORE_ACCESS_DENIED';
  constructor(
    /** The file or directory that was refused. */
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
