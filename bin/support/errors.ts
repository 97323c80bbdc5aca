import { LookoutError } from '../../lambda/domain/errors.js';

/**
 * The CLI's own errors. Usage errors exit 1 with their one line; service failures name the service and
 * what to do (README, "Exit codes"), never "unexpected error".
 */

/** `lookout posture` was asked for something it cannot check (a malformed zone id, no zones). */
export class PostureUsageError extends LookoutError {
  override readonly name: string = 'PostureUsageError';
  readonly code = 'POSTURE_USAGE';
}

/** `lookout check` was given a name, type or server it cannot ask about. */
export class CheckUsageError extends LookoutError {
  override readonly name: string = 'CheckUsageError';
  readonly code = 'CHECK_USAGE';
}

/** `lookout restore` was given a request it cannot plan (zone id, type, resolver address, …). */
export class RestoreUsageError extends LookoutError {
  override readonly name: string = 'RestoreUsageError';
  readonly code = 'RESTORE_USAGE';
}

/** The service could not be reached: connection refused, name not resolved (offline), timed out. */
export class ServiceUnreachableError extends LookoutError {
  override readonly name: string = 'ServiceUnreachableError';
  readonly code = 'SERVICE_UNREACHABLE';
  constructor(
    message: string,
    /**
     * True when no connection was ever made (refused, name not resolved, no route), so the service
     * cannot have acted on the request; false when it may have (reset or timed out mid-request).
     */
    readonly neverSent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** No credentials were found, or the service refused the ones given (expired, not allowed). */
export class ServiceAccessError extends LookoutError {
  override readonly name: string = 'ServiceAccessError';
  readonly code = 'SERVICE_ACCESS_DENIED';
}
