import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import {
  headAuthentication,
  headProblem,
  MAX_BODIES_IN_FLIGHT,
  MAX_UNHASHED_BODIES_IN_FLIGHT,
  PAYLOAD_HASH_HEADER,
  PROOF_HEADER,
  proofFor,
  type Refusal,
  refusal,
  signatureProblem,
} from './request-auth.js';

/** Bodies being read now, per lane: signed from the head (Lookout's own clients), or not (outside tools). */
export interface BodySlots {
  verified: number;
  unhashed: number;
}

const BUSY: Refusal = {
  status: 503,
  type: 'ServiceUnavailable',
  message: 'too many requests at once; try again',
};

/**
 * Admits a request, each step before any work the next one costs:
 *
 * 1. its head must look like Lookout's (headProblem: SigV4 with Lookout's access key id, a Content-Length
 *    within the limit);
 * 2. with a signed x-amz-content-sha256 (Lookout's own clients send one), the signature is checked from
 *    the head alone: only a request made with the token takes one of MAX_BODIES_IN_FLIGHT body slots, and
 *    its body is hashed as it streams in and refused (403) unless it is the body whose hash was signed;
 * 3. without one (the AWS CLI signs the body itself), the body must be read before the signature can be
 *    checked: such requests have a lane of their own (MAX_UNHASHED_BODIES_IN_FLIGHT), so requests that
 *    cannot prove themselves from the head never take a slot Lookout's own requests need.
 *
 * A request refused before its body is read has its connection closed, so its body is never read.
 */
export async function authorizeThenForward(
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
  handle: RequestListener,
  slots: BodySlots,
): Promise<void> {
  const refused = headProblem(req.headers);
  if (refused) return reply(res, refused, { close: true });
  const head = await headAuthentication(req, token);
  if (head.kind === 'refused') {
    return reply(res, forbidden(head.why), { close: true });
  }
  const lane = head.kind;
  const limit = lane === 'verified' ? MAX_BODIES_IN_FLIGHT : MAX_UNHASHED_BODIES_IN_FLIGHT;
  if (slots[lane] >= limit) return reply(res, BUSY, { close: true });
  slots[lane]++;
  let body: Buffer;
  try {
    body = await readBody(req, Number(req.headers['content-length']));
  } finally {
    slots[lane]--;
  }
  const problem =
    head.kind === 'verified'
      ? hashOf(body) === head.payloadHash
        ? undefined
        : `the body is not the one whose ${PAYLOAD_HASH_HEADER} was signed`
      : await signatureProblem(req, body, token);
  if (problem) return reply(res, forbidden(problem), { close: true });
  // Signed with the token: if the client asked, prove to it that this server holds the token too.
  const proof = proofFor(req.headers, token);
  if (proof) res.setHeader(PROOF_HEADER, proof);

  // dynalite reads the body from the request's 'data'/'end' events; the body is already read (the
  // signature covers it), so it gets a request object that replays it. Emitting synchronously here
  // also means a synchronous throw inside dynalite lands in this function, not in the event loop.
  const replay = Object.assign(new EventEmitter(), {
    headers: req.headers,
    method: req.method,
    url: req.url,
    httpVersion: req.httpVersion,
    socket: req.socket,
  });
  handle(replay as unknown as IncomingMessage, res);
  if (body.length) replay.emit('data', body);
  replay.emit('end');
}

function forbidden(why: string): Refusal {
  return { status: 403, type: 'UnrecognizedClientException', message: refusal(why) };
}

function hashOf(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * The body, of the length announced: more than that is refused (Node's parser never delivers more than
 * Content-Length anyway), and a connection that ends before it is complete rejects.
 */
function readBody(req: IncomingMessage, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > length) req.destroy(new Error('request body longer than its Content-Length'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('request cut short'));
    });
  });
}

export function reply(res: ServerResponse, refusal: Refusal, options: { close?: boolean } = {}): void {
  const body = JSON.stringify({
    __type: `com.amazon.coral.service#${refusal.type}`,
    message: refusal.message,
  });
  res.writeHead(refusal.status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
    ...(options.close ? { connection: 'close' } : {}),
  });
  res.end(body);
}
