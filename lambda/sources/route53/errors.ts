import { LookoutError } from '../../domain/errors.js';

/** Route 53 refused a restore batch: the record changed since it was read, or a guardrail blocked it. */
export class ChangeConflictError extends LookoutError {
  override readonly name: string = 'ChangeConflictError';
  readonly code = 'CHANGE_CONFLICT';
  constructor(
    message: string,
    readonly route53Message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type InvalidEventCode = 'INVALID_EVENT' | 'UNSUPPORTED_EVENT';

/**
 * An event that is not a readable Route 53 change. `INVALID_EVENT`: it claims to be one but a field is
 * wrong (the message names the field path); `UNSUPPORTED_EVENT`: another service or API call, which a
 * replay skips.
 */
export class InvalidEventError extends LookoutError {
  override readonly name: string = 'InvalidEventError';
  constructor(
    readonly code: InvalidEventCode,
    /** CloudTrail `eventID` (or the EventBridge `id`) when it could be read. */
    readonly eventId: string | undefined,
    /** One `path: message` per problem. */
    readonly issues: readonly string[],
    options?: { cause?: unknown },
  ) {
    const what = code === 'UNSUPPORTED_EVENT' ? 'not a Route 53 change event' : 'invalid CloudTrail event';
    super(`${what}${eventId ? ` ${eventId}` : ''}: ${issues.join('; ')}`, options);
  }
}

/** Replay input that is not JSON in one of the accepted shapes; the message names the line. */
export class InvalidReplayInputError extends LookoutError {
  override readonly name: string = 'InvalidReplayInputError';
  readonly code = 'INVALID_REPLAY_INPUT';
  constructor(
    message: string,
    /** 1-based line of the problem, when there is one. */
    readonly line?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Route 53 answered with an error (after retries for throttling): its code, message and request id. */
export class ChangeHistoryError extends LookoutError {
  override readonly name: string = 'ChangeHistoryError';
  constructor(
    readonly operation: string,
    /** Route 53's error code: `NoSuchHostedZone`, `NoSuchChange`, `AccessDenied`, `Throttling`, … */
    readonly code: string,
    /** HTTP status; 0 when no response arrived (connection refused, timeout). */
    readonly status: number,
    readonly route53Message: string,
    readonly requestId?: string,
    options?: { cause?: unknown },
  ) {
    const answer = status === 0 ? 'no response' : `HTTP ${status}`;
    super(`${operation}: ${code} (${answer}): ${route53Message}`, options);
  }
}

/** A response Lookout cannot read; the message names the element or field. */
export class ChangeHistoryResponseError extends LookoutError {
  override readonly name: string = 'ChangeHistoryResponseError';
  readonly code = 'INVALID_RESPONSE';
  constructor(
    readonly operation: string,
    readonly issues: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`unreadable ${operation} response: ${issues.join('; ')}`, options);
  }
}

/** Not one well-formed element (or a DTD): typed so a caller can tell a bad document from its own bugs. */
export class XmlParseError extends LookoutError {
  override readonly name: string = 'XmlParseError';
  readonly code = 'MALFORMED_XML';
  constructor(message: string) {
    super(message);
  }
}
