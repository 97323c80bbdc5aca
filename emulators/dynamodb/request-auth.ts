import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../../lambda/sources/route53/sha256.js';

/** The access key id of every request to the embedded store; its secret access key is the store's token. */
export const EMBEDDED_ACCESS_KEY_ID = 'lookout';

/**
 * The largest request body the embedded store reads. Lookout's own requests are far smaller: the largest
 * are BatchWrites of 25 record sets or snapshot pages (a page of 300 typical record sets is ~100 KB);
 * 4 MiB leaves room for zones of long TXT records. Anything announcing more is refused unread (413).
 */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/** How many requests may have their bodies read at once; more get 503 (the SDK retries) until one is done. */
export const MAX_BODIES_IN_FLIGHT = 8;

/**
 * How many requests without a signed payload hash (the AWS CLI) may have their bodies read at once. They
 * cannot be checked before their body is read, so they have their own slots, never Lookout's.
 */
export const MAX_UNHASHED_BODIES_IN_FLIGHT = 2;

/** A client asks the store to prove it holds the token by sending a random nonce in this header… */
export const NONCE_HEADER = 'x-lookout-nonce';
/** …and a store that checked the request's signature answers with endpointProof(token, nonce) in this one. */
export const PROOF_HEADER = 'x-lookout-proof';

const NONCE = /^[0-9a-f]{32,128}$/;

/**
 * HMAC-SHA256 of `nonce` under the token: only a server that holds the token can compute it, so a client
 * that checks it knows the endpoint it read from `<data>/endpoint` is the Lookout that wrote the token, not
 * whatever listens on that port now (after a `kill -9`, anyone may).
 */
export function endpointProof(token: string, nonce: string): string {
  return createHmac('sha256', token).update(`lookout endpoint proof\n${nonce}`).digest('hex');
}

/** The proof to answer a request with (its signature already checked), when it asked for one. */
export function proofFor(headers: IncomingHttpHeaders, token: string): string | undefined {
  const nonce = header(headers, NONCE_HEADER);
  return nonce && NONCE.test(nonce) ? endpointProof(token, nonce) : undefined;
}

/** Compares a proof received with the one expected, in constant time. */
export function proofMatches(received: string | undefined, token: string, nonce: string): boolean {
  const a = Buffer.from(endpointProof(token, nonce), 'hex');
  const b = Buffer.from(received && /^[0-9a-f]{64}$/.test(received) ? received : '', 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface Refusal {
  status: number;
  type: string;
  message: string;
}

export function refusal(why: string): string {
  return `this Lookout store only answers requests signed with its token (${why})`;
}

/**
 * What can be refused from a request's head alone, before a byte of its body is read: no SigV4
 * Authorization, another access key id than Lookout's, or a body whose length is not announced or is
 * over `maxBytes`. Anyone on the machine can connect to the port; only requests that could be Lookout's
 * get their bodies read (and then their signatures checked: signatureProblem).
 */
export function headProblem(headers: IncomingHttpHeaders, maxBytes = MAX_REQUEST_BYTES): Refusal | undefined {
  const auth = parseAuthorization(headers.authorization);
  if (!auth) {
    const why = headers.authorization === undefined ? 'request is not signed' : 'malformed Authorization';
    return { status: 403, type: 'MissingAuthenticationTokenException', message: refusal(why) };
  }
  if (auth.accessKeyId !== EMBEDDED_ACCESS_KEY_ID) {
    return {
      status: 403,
      type: 'UnrecognizedClientException',
      message: refusal(`access key id must be ${EMBEDDED_ACCESS_KEY_ID}`),
    };
  }
  const length = header(headers, 'content-length');
  if (length === undefined || !/^\d{1,16}$/.test(length) || headers['transfer-encoding'] !== undefined) {
    return { status: 411, type: 'LengthRequiredException', message: 'a Content-Length is required' };
  }
  if (Number(length) > maxBytes) {
    return {
      status: 413,
      type: 'RequestEntityTooLarge',
      message: `request body over ${maxBytes / 1024 / 1024} MiB (${length} bytes announced)`,
    };
  }
  return undefined;
}

/** The header carrying the body's SHA-256; Lookout's clients sign it (withSignedPayloadHash). */
export const PAYLOAD_HASH_HEADER = 'x-amz-content-sha256';

/**
 * Makes a DynamoDB client send the SHA-256 of each request's body in a signed x-amz-content-sha256
 * header: a middleware in the build step (before signing) sets it, and SigV4 signs every header present.
 * The store can then check the signature from the request's head alone, before reading a byte of its
 * body (headAuthentication), and check the body against the signed hash as it streams in.
 */
export function withSignedPayloadHash<C extends { middlewareStack: { add: (...args: never[]) => unknown } }>(
  client: C,
): C {
  const stack = client.middlewareStack as unknown as {
    add(mw: (next: (args: unknown) => unknown) => (args: unknown) => unknown, options: object): void;
  };
  stack.add(
    (next) => (args) => {
      const request = (args as { request?: { headers?: Record<string, string>; body?: unknown } }).request;
      const body = request?.body;
      if (
        request?.headers &&
        (body === undefined || typeof body === 'string' || body instanceof Uint8Array)
      ) {
        request.headers[PAYLOAD_HASH_HEADER] = createHash('sha256')
          .update(body ?? '')
          .digest('hex');
      }
      return next(args);
    },
    { step: 'build', name: 'lookoutSignedPayloadHash', override: true },
  );
  return client;
}

export type HeadAuthentication =
  /** Signed with the token over its head, which includes the body's claimed SHA-256 (`payloadHash`). */
  | { kind: 'verified'; payloadHash: string }
  /** A SigV4 request without a signed payload hash (the AWS CLI): its signature covers the body. */
  | { kind: 'unhashed' }
  | { kind: 'refused'; why: string };

/**
 * Checks a request's signature from its head alone, when the head carries a signed x-amz-content-sha256:
 * the signature covers that claimed hash, so a request whose head checks out was made with the token,
 * and its body is then only accepted if it hashes to the claim (checked as it is read).
 */
export async function headAuthentication(
  request: { method?: string; url?: string; headers: IncomingHttpHeaders },
  secret: string,
): Promise<HeadAuthentication> {
  const claimed = header(request.headers, PAYLOAD_HASH_HEADER);
  if (claimed === undefined) return { kind: 'unhashed' };
  if (!/^[0-9a-f]{64}$/.test(claimed) || !signedHeaderNames(request.headers).includes(PAYLOAD_HASH_HEADER)) {
    return { kind: 'refused', why: `${PAYLOAD_HASH_HEADER} must be signed and be the body's SHA-256` };
  }
  const why = await signatureProblemFor(request, undefined, secret);
  return why ? { kind: 'refused', why } : { kind: 'verified', payloadHash: claimed };
}

/**
 * Checks that a request to the embedded store is signed (AWS Signature V4) with `secret` as the secret
 * access key, and returns why not, or undefined when it is.
 *
 * Why SigV4 rather than a bearer header: every DynamoDB client signs its requests already, so any client
 * given the token as its secret access key is let in, and the token itself never crosses the socket,
 * only an HMAC of the request made with it. The access key id, region and service in the credential
 * scope are not secrets and are taken as sent; what proves knowledge of the token is the signature over
 * the method, path, query, signed headers and the SHA-256 of the body, recomputed here and compared in
 * constant time. There is no freshness window on X-Amz-Date: replaying a captured request would need the
 * loopback traffic, which only root can see, and clients with a skewed or faked clock keep working.
 */
export function signatureProblem(
  request: { method?: string; url?: string; headers: IncomingHttpHeaders },
  body: Uint8Array,
  secret: string,
): Promise<string | undefined> {
  return signatureProblemFor(request, body, secret);
}

/** With `body` undefined, the payload hash signed over is the x-amz-content-sha256 header's. */
async function signatureProblemFor(
  request: { method?: string; url?: string; headers: IncomingHttpHeaders },
  body: Uint8Array | undefined,
  secret: string,
): Promise<string | undefined> {
  const auth = parseAuthorization(request.headers.authorization);
  if (!auth) return 'missing or malformed Authorization (AWS4-HMAC-SHA256)';
  const amzDate = header(request.headers, 'x-amz-date');
  if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== auth.date) {
    return 'missing or inconsistent X-Amz-Date';
  }
  if (!auth.signedHeaders.includes('host') || !auth.signedHeaders.includes('x-amz-date')) {
    return 'host and x-amz-date must be signed';
  }
  const claimed = header(request.headers, PAYLOAD_HASH_HEADER);
  if (body !== undefined) {
    const payloadHash = createHash('sha256').update(body).digest('hex');
    // The signature covers a claimed payload hash instead of the body when one is sent: it must be the body's.
    if (claimed !== undefined && claimed !== payloadHash)
      return `${PAYLOAD_HASH_HEADER} does not match the body`;
  } else if (claimed === undefined) {
    return `${PAYLOAD_HASH_HEADER} is missing`;
  }

  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = header(request.headers, name);
    if (value === undefined) return `signed header ${name} is missing`;
    headers[name] = value;
  }
  // Without a body, the signer takes the payload hash from the (signed) x-amz-content-sha256 header.
  if (body === undefined && claimed !== undefined) headers[PAYLOAD_HASH_HEADER] = claimed;
  const url = new URL(request.url ?? '/', 'http://local');
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey: secret },
    region: auth.region,
    service: auth.service,
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: request.method ?? 'GET',
      protocol: 'http:',
      hostname: headers.host ?? 'local',
      path: url.pathname,
      query,
      headers,
      ...(body !== undefined ? { body } : {}),
    }),
    {
      signingDate: parseAmzDate(amzDate),
      signingRegion: auth.region,
      signingService: auth.service,
      signableHeaders: new Set(auth.signedHeaders),
    },
  );
  const expected = parseAuthorization(signed.headers.authorization)?.signature ?? '';
  const a = Buffer.from(expected, 'hex');
  const b = Buffer.from(auth.signature, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b)
    ? undefined
    : 'signature does not match (wrong token)';
}

function signedHeaderNames(headers: IncomingHttpHeaders): string[] {
  return parseAuthorization(headers.authorization)?.signedHeaders ?? [];
}

interface Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_-]+),\s*Signature=([0-9a-f]{64})$/;

function parseAuthorization(value: string | string[] | undefined): Authorization | undefined {
  const m = typeof value === 'string' ? AUTHORIZATION.exec(value.trim()) : null;
  if (!m) return undefined;
  const [, accessKeyId, date, region, service, signedHeaders, signature] = m as unknown as string[];
  return {
    accessKeyId: accessKeyId as string,
    date: date as string,
    region: region as string,
    service: service as string,
    signedHeaders: (signedHeaders as string).split(';'),
    signature: signature as string,
  };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function parseAmzDate(value: string): Date {
  const [y, mo, d, h, mi, s] = [0, 4, 6, 9, 11, 13].map((i, n) =>
    Number(value.slice(i, i + (n === 0 ? 4 : 2))),
  ) as [number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}
