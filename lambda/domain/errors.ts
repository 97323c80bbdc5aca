/**
 * The one base of Lookout's own errors: a stable `code` a caller can branch on (messages are for
 * people and may change) and the standard `{ cause }`, so logs keep the chain down to the SDK error.
 * Each folder declares its errors in its own `errors.ts`, extending this.
 */
export abstract class LookoutError extends Error {
  abstract readonly code: string;
  /** Spelled out by each class (`override readonly name: string = 'X'`): bundles are minified. */
  abstract override readonly name: string;
}

/** Something asked for by id does not exist (an incident, a zone's snapshot, a record set). */
export class NotFoundError extends LookoutError {
  override readonly name: string = 'NotFoundError';
  readonly code = 'NOT_FOUND';
  constructor(
    readonly what: string,
    options?: { cause?: unknown },
  ) {
    super(`${what} not found`, options);
  }
}

export function isLookoutError(error: unknown, code?: string): error is LookoutError {
  return error instanceof LookoutError && (code === undefined || error.code === code);
}
