import { LookoutError } from '../../domain/errors.js';
import type { RestoreResult } from './restore-types.js';

/** No version of the record set stayed current long enough to be trusted as last-known-good. */
export class NoLastKnownGoodError extends LookoutError {
  override readonly name: string = 'NoLastKnownGoodError';
  readonly code = 'NO_LAST_KNOWN_GOOD';
}

/**
 * Route 53 refused the batch as a whole, so nothing changed: the record changed since it was read
 * (`changed`), a Change Guardrail blocked it (`guardrail`), or another batch rule refused it (`refused`).
 */
export class RestoreConflictError extends LookoutError {
  override readonly name: string = 'RestoreConflictError';
  readonly code = 'RESTORE_CONFLICT';
  constructor(
    message: string,
    readonly reason: 'changed' | 'guardrail' | 'refused',
    readonly route53Message: string,
    readonly result: RestoreResult,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
