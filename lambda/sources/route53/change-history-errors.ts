/* The two ways a Change History call fails: Route 53 said no, or its answer could not be read. */

/** Route 53 answered with an error (after retries for throttling): its code, message and request id. */
export class ChangeHistoryError extends Error {
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
    this.name = 'ChangeHistoryError';
  }
}

/** A response Lookout cannot read; the message names the element or field. */
export class ChangeHistoryResponseError extends Error {
  readonly code = 'INVALID_RESPONSE';
  constructor(
    readonly operation: string,
    readonly issues: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`unreadable ${operation} response: ${issues.join('; ')}`, options);
    this.name = 'ChangeHistoryResponseError';
  }
}
