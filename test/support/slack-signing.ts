import { createHmac } from 'node:crypto';

/**
 * Requests signed as Slack signs them (api.slack.com/authentication/verifying-requests-from-slack):
 * `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the app's signing secret, the timestamp
 * in seconds in `X-Slack-Request-Timestamp`.
 */
export function slackSignature(signingSecret: string, timestampSeconds: number, rawBody: string): string {
  const digest = createHmac('sha256', signingSecret)
    .update(`v0:${timestampSeconds}:${rawBody}`)
    .digest('hex');
  return `v0=${digest}`;
}

/** The current time as Slack puts it in `X-Slack-Request-Timestamp`. */
export function slackTimestamp(nowMs = Date.now()): number {
  return Math.floor(nowMs / 1000);
}

/** A slash command's body as Slack posts it: `application/x-www-form-urlencoded` fields. */
export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** An interaction's body (button, shortcut, modal): the JSON payload in a `payload` form field. */
export function interactionBody(payload: unknown): string {
  return formBody({ payload: JSON.stringify(payload) });
}

export interface SignedRequestOptions {
  signingSecret: string;
  /** Seconds; the current time by default (an old one makes a stale request). */
  timestamp?: number;
  contentType?: string;
  /** Slack's retry headers: `X-Slack-Retry-Num` and `X-Slack-Retry-Reason`. */
  retry?: { num: number; reason: string };
  /** Sign something else than what is sent (a tampered body). */
  signedBody?: string;
}

/** The headers Slack sends with a request, lower-cased as a Lambda Function URL delivers them. */
export function signedHeaders(rawBody: string, options: SignedRequestOptions): Record<string, string> {
  const timestamp = options.timestamp ?? slackTimestamp();
  return {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(options.signingSecret, timestamp, options.signedBody ?? rawBody),
    ...(options.retry
      ? {
          'x-slack-retry-num': String(options.retry.num),
          'x-slack-retry-reason': options.retry.reason,
        }
      : {}),
  };
}

/** A Lambda Function URL event (payload format 2.0) for a POST of `rawBody` with `headers`. */
export function functionUrlEvent(
  rawBody: string,
  headers: Record<string, string>,
  options: { base64?: boolean } = {},
) {
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: { host: 'abc123.lambda-url.us-east-1.on.aws', ...headers },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abc123',
      domainName: 'abc123.lambda-url.us-east-1.on.aws',
      http: {
        method: 'POST',
        path: '/',
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.10',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: `req-${now}`,
      routeKey: '$default',
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    body: options.base64 ? Buffer.from(rawBody).toString('base64') : rawBody,
    isBase64Encoded: Boolean(options.base64),
  };
}

/** A signed Function URL event carrying `rawBody`, as Slack would send it to Lookout's Slack Lambda. */
export function signedFunctionUrlEvent(
  rawBody: string,
  options: SignedRequestOptions & { base64?: boolean },
) {
  return functionUrlEvent(rawBody, signedHeaders(rawBody, options), { base64: options.base64 ?? false });
}
