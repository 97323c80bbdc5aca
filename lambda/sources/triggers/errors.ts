import { LookoutError } from '../../domain/errors.js';

/**
 * A trigger refused at the door, with the HTTP status the sender gets and a one-line reason (which
 * names the field when a field is wrong). Nothing was written for it.
 */
export abstract class TriggerRefusedError extends LookoutError {
  override readonly name: string = 'TriggerRefusedError';
  abstract readonly status: number;
  constructor(message: string, options?: { cause?: unknown }) {
    super(oneLine(message), options);
  }
}

/** Unsigned, badly signed, stale, replayed, or a wrong bearer token: 401. */
export class TriggerUnauthorizedError extends TriggerRefusedError {
  override readonly name: string = 'TriggerUnauthorizedError';
  readonly code = 'TRIGGER_UNAUTHORIZED';
  readonly status = 401;
}

/** Not JSON, or JSON that is not the sender's schema: 400, naming the field. */
export class InvalidTriggerError extends TriggerRefusedError {
  override readonly name: string = 'InvalidTriggerError';
  readonly code = 'TRIGGER_INVALID';
  readonly status = 400;
}

/** A body over the limit: 413. */
export class TriggerTooLargeError extends TriggerRefusedError {
  override readonly name: string = 'TriggerTooLargeError';
  readonly code = 'TRIGGER_TOO_LARGE';
  readonly status = 413;
}

/** A runbook id no runbook has: 422 (the request is well-formed, what it names does not exist). */
export class UnknownRunbookError extends TriggerRefusedError {
  override readonly name: string = 'UnknownRunbookError';
  readonly code = 'TRIGGER_UNKNOWN_RUNBOOK';
  readonly status = 422;
}

/** A path no sender uses (404) or a method other than POST (405). */
export class TriggerRouteError extends TriggerRefusedError {
  override readonly name: string = 'TriggerRouteError';
  readonly code = 'TRIGGER_ROUTE';
  constructor(
    readonly status: 404 | 405,
    message: string,
  ) {
    super(message);
  }
}

// Reasons quote the input, which may carry line breaks; a log line must stay one line.
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}
