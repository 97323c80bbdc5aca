import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A fixture of test/events/triggers as its exact bytes (what a sender signs). */
export function triggerFixture(name: string): string {
  return readFileSync(new URL(`../events/triggers/${name}`, import.meta.url), 'utf8');
}

export function hmacHex(secret: string, ...parts: string[]): string {
  const mac = createHmac('sha256', secret);
  for (const part of parts) mac.update(part);
  return mac.digest('hex');
}

/** Headers of a generic trigger signed as documented: v1=HMAC-SHA256(secret, timestamp + body). */
export function genericHeaders(secret: string, body: string, at: Date): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return {
    'X-Lookout-Timestamp': timestamp,
    'X-Lookout-Signature': `v1=${hmacHex(secret, timestamp, body)}`,
    'Content-Type': 'application/json',
  };
}

/** PagerDuty's header: one `v1=` signature per active secret, comma-separated. */
export function pagerDutyHeaders(secrets: string[], body: string): Record<string, string> {
  return {
    'X-PagerDuty-Signature': secrets.map((s) => `v1=${hmacHex(s, body)}`).join(','),
    'Content-Type': 'application/json',
  };
}

/** A Lambda Function URL event (payload 2.0) as AWS delivers it; base64 as Function URLs do for some types. */
export function functionUrlEvent(
  path: string,
  body: string,
  headers: Record<string, string>,
  options: { base64?: boolean; method?: string } = {},
) {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'abc.lambda-url.us-east-1.on.aws', ...lower },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abc',
      domainName: 'abc.lambda-url.us-east-1.on.aws',
      http: {
        method: options.method ?? 'POST',
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.9',
        userAgent: 'test',
      },
      requestId: 'req-1',
      time: '20/Oct/2025:06:50:00 +0000',
      timeEpoch: 1760943000000,
    },
    body: options.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: options.base64 ?? false,
  };
}
