/**
 * How the poller tells the Health API's failures apart. The SDK models none of these as classes the
 * poller could rely on (SubscriptionRequiredException has none at all), so each is matched on the
 * error's name, code or HTTP status.
 */

type SdkError = Error & { code?: string; $metadata?: { httpStatusCode?: number } };

/** Connection failures Node reports by code (or only in the message, for a dropped socket). */
const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** No Business, Enterprise On-Ramp or Enterprise support plan: the Health API answers nothing else. */
export function isSubscriptionRequired(error: unknown): boolean {
  return error instanceof Error && error.name === 'SubscriptionRequiredException';
}

export function isThrottling(error: unknown): boolean {
  return (
    error instanceof Error &&
    ['ThrottlingException', 'Throttling', 'TooManyRequestsException'].includes(error.name)
  );
}

/**
 * The endpoint itself is the problem: the passive region's 503, any 5xx, a dropped or refused
 * connection, or a request signed for the other region (InvalidSignatureException: what the SDK's
 * `aws-global` does after AWS fails over to us-east-2). These are what a failover to the other region
 * can fix; the SDK has already retried them.
 */
export function isEndpointError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const e = error as SdkError;
  if (e.name === 'ServiceUnavailableException' || e.name === 'InvalidSignatureException') return true;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  if (e.code && CONNECTION_CODES.has(e.code)) return true;
  if (CONNECTION_CODES.has(e.name) || e.name === 'TimeoutError') return true;
  return /socket hang up|ECONNRESET|ECONNREFUSED/i.test(e.message);
}

/** What stops the whole poll (the next one tries again) rather than one event or account. */
export function stopsThePoll(error: unknown): boolean {
  return isSubscriptionRequired(error) || isThrottling(error) || isEndpointError(error);
}

/** `Name: message` for logs and failure lists. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
