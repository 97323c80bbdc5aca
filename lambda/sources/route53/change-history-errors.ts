import { isRecord, parseXml, xmlToObject } from './xml-reader.js';

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

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'PriorRequestNotComplete',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

export function readError(
  operation: string,
  status: number,
  body: string,
  headerRequestId: string | null,
): ChangeHistoryError {
  let code = `HTTP${status}`;
  let message = body.slice(0, 200) || `HTTP ${status} with an empty body`;
  let requestId = headerRequestId ?? undefined;
  try {
    const root = xmlToObject(parseXml(body));
    const error = isRecord(root.Error) ? root.Error : root;
    if (typeof error.Code === 'string' && error.Code) code = error.Code;
    if (typeof error.Message === 'string') message = error.Message;
    if (typeof root.RequestId === 'string' && root.RequestId) requestId = root.RequestId;
  } catch {
    // Not XML (a proxy's HTML page, say): keep the status-based code and the start of the body.
  }
  return new ChangeHistoryError(operation, code, status, message, requestId);
}

export function isRetryable(error: ChangeHistoryError): boolean {
  return (
    THROTTLING_CODES.has(error.code) || error.status === 429 || error.status >= 500 || error.status === 0
  );
}

/** fetch rejects with TypeError on network failures and with a TimeoutError DOMException on timeout. */
export function isTransportError(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof Error && error.name === 'TimeoutError');
}

export function transportCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error && error.name === 'TimeoutError' ? 'TimeoutError' : 'NetworkError';
}
