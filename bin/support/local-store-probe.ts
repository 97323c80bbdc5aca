import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  EMBEDDED_ACCESS_KEY_ID,
  NONCE_HEADER,
  PROOF_HEADER,
  proofMatches,
} from '../../emulators/dynamodb/request-auth.js';
import { NodeSha256 } from '../../lambda/sources/route53/sha256.js';

/** What answered on a published endpoint. */
export type ProbeResult =
  | { answer: 'proved' }
  /** Nothing (refused, timed out, not HTTP): the Lookout that published it is gone. */
  | { answer: 'none' }
  /** Something answered but could not prove it holds the token: not the Lookout that published it. */
  | { answer: 'unproved'; why: string };

/**
 * Asks the server at `endpoint` to prove it holds `token` before anything that matters is sent to it: a
 * ListTables signed with the token, carrying a random nonce; the Lookout store answers with
 * HMAC-SHA256(token, nonce) (request-auth.ts, endpointProof), checked here in constant time. After a
 * `kill -9` the endpoint file outlives its server, and any local user may listen on that port; such a
 * server sees one signed ListTables, which it can neither forge nor use.
 */
export async function probeEndpoint(endpoint: string, token: string, timeoutMs = 1000): Promise<ProbeResult> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return { answer: 'none' };
  }
  if (url.protocol !== 'http:') return { answer: 'none' };
  const nonce = randomBytes(32).toString('hex');
  const body = '{}';
  const signer = new SignatureV4({
    credentials: { accessKeyId: EMBEDDED_ACCESS_KEY_ID, secretAccessKey: token },
    region: 'local',
    service: 'dynamodb',
    sha256: NodeSha256,
    // Sends and signs x-amz-content-sha256: the store checks the signature before reading the body.
    applyChecksum: true,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: '/',
      headers: {
        host: url.host,
        'content-type': 'application/x-amz-json-1.0',
        'content-length': String(Buffer.byteLength(body)),
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        [NONCE_HEADER]: nonce,
      },
      body,
    }),
  );
  return new Promise((resolve) => {
    const req = request(
      {
        hostname: url.hostname,
        port: url.port || 80,
        method: 'POST',
        path: '/',
        headers: signed.headers,
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        const proof = res.headers[PROOF_HEADER];
        if (proofMatches(typeof proof === 'string' ? proof : undefined, token, nonce)) {
          resolve({ answer: 'proved' });
        } else {
          resolve({
            answer: 'unproved',
            why:
              proof === undefined
                ? 'it answered without proof of the token'
                : 'its proof of the token is wrong',
          });
        }
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve({ answer: 'none' }));
    req.end(body);
  });
}
