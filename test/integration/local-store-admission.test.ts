import { connect, type Socket } from 'node:net';
import { BatchWriteItemCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../lambda/store/embedded-dynalite.js';
import { ensureTable } from '../../lambda/store/store.js';

const MiB = 1024 * 1024;
/** Looks like Lookout's signature (right scheme, right access key id); the signature itself is wrong. */
const LOOKS_SIGNED = `AWS4-HMAC-SHA256 Credential=lookout/20250101/local/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;

interface RawRequest {
  socket: Socket;
  /** The response's status code once its status line arrives (0 if the connection closed first). */
  status: Promise<number>;
  answered: () => boolean;
}

/** Sends only a request's head on a fresh connection: whatever answers does so before any body byte. */
function head(port: number, headers: Record<string, string>): RawRequest {
  const socket = connect(port, '127.0.0.1');
  const lines = Object.entries({
    host: `127.0.0.1:${port}`,
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': 'DynamoDB_20120810.PutItem',
    'x-amz-date': '20250101T000000Z',
    ...headers,
  }).map(([k, v]) => `${k}: ${v}\r\n`);
  socket.write(`POST / HTTP/1.1\r\n${lines.join('')}\r\n`);
  let received = '';
  let code: number | undefined;
  const status = new Promise<number>((resolve) => {
    socket.on('data', (d) => {
      received += String(d);
      const m = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (m && code === undefined) {
        code = Number(m[1]);
        resolve(code);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(code ?? 0));
  });
  return { socket, status, answered: () => code !== undefined };
}

describe('Local store front: a request is refused from its head, and few bodies are read at once', () => {
  let dynamo: EmbeddedDynamo;
  let port: number;

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo();
    await ensureTable(dynamo.client, 'lookout');
    port = Number(new URL(dynamo.endpoint).port);
  });
  afterAll(async () => {
    await dynamo.close();
  });

  it.each([
    ['no Authorization, 100 MiB announced', { 'content-length': String(100 * MiB) }, 403],
    [
      'an Authorization that is not SigV4',
      { authorization: 'Bearer let-me-in', 'content-length': '64' },
      403,
    ],
    [
      'SigV4 with another access key id',
      { authorization: LOOKS_SIGNED.replace('lookout/', 'AKIAOTHER/'), 'content-length': String(MiB) },
      403,
    ],
    [
      'a body over 4 MiB announced',
      { authorization: LOOKS_SIGNED, 'content-length': String(4 * MiB + 1) },
      413,
    ],
    ['no Content-Length (chunked)', { authorization: LOOKS_SIGNED, 'transfer-encoding': 'chunked' }, 411],
  ])('%s: answered before any of the body is sent', async (_what, headers, expected) => {
    const request = head(port, headers);
    const status = await request.status;
    request.socket.destroy();
    expect(status).toBe(expected);
  });

  it('reads at most 8 bodies at once: the 9th and later get 503 at once; once those 8 are done the store answers', async () => {
    // Act: 12 requests that look signed announce 1 MiB each and send none of it
    const requests = Array.from({ length: 12 }, () =>
      head(port, { authorization: LOOKS_SIGNED, 'content-length': String(MiB) }),
    );
    let refusedAtOnce: () => void = () => undefined;
    const fourAnswered = new Promise<void>((resolve) => {
      refusedAtOnce = resolve;
    });
    let answered = 0;
    for (const r of requests)
      void r.status.then(() => {
        if (++answered === 4) refusedAtOnce();
      });
    await fourAnswered;
    const early = await Promise.all(requests.filter((r) => r.answered()).map((r) => r.status));
    const holding = requests.filter((r) => !r.answered());
    // The 8 being read now get their bodies: the signature is checked, and is wrong.
    for (const r of holding) r.socket.write(Buffer.alloc(MiB, 0x20));
    const late = await Promise.all(holding.map((r) => r.status));
    for (const r of requests) r.socket.destroy();
    const afterwards = await dynamo.client.send(new ListTablesCommand({}));

    // Assess
    expect(early).toEqual([503, 503, 503, 503]);
    expect(late).toEqual(Array(8).fill(403));
    expect(afterwards.TableNames).toContain('lookout');
  });

  it("takes Lookout's own largest requests: a BatchWrite of 25 items of 140 KB (3.4 MiB)", async () => {
    const out = await dynamo.client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          lookout: Array.from({ length: 25 }, (_, i) => ({
            PutRequest: {
              Item: {
                PK: { S: 'ZONE#Z1' },
                SK: { S: `SEEN#s#000001#${i}` },
                recordSets: { S: 'x'.repeat(140_000) },
              },
            },
          })),
        },
      }),
    );
    expect(out.UnprocessedItems?.lookout ?? []).toEqual([]);
  });
});
