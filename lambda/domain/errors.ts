/**
 * The one base of Lookout's own errors: a stable `code` a caller can branch on (messages are for
 * people and may change) and the standard `{ cause }`, so logs keep the chain down to the SDK error.
 * Each folder declares its errors in its own `errors.ts`, extending this.
 */
export abstract class LookoutError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Something asked for by id does not exist (an incident, a zone's snapshot, a record set). */
export class NotFoundError extends LookoutError {
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
