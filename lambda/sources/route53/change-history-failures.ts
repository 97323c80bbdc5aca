import { ChangeHistoryError } from './errors.js';
import { isRecord, parseXml, xmlToObject } from './xml-reader.js';

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
