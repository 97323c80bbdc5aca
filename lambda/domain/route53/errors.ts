import { LookoutError } from '../errors.js';

/** A restore asked for a record set that already holds its last-known-good values: nothing to change. */
export class NothingToRestoreError extends LookoutError {
  // Spelled out: the Lambda bundle is minified, so the class's own name would not survive.
  override name = 'NothingToRestoreError';
  readonly code = 'NOTHING_TO_RESTORE';
}
