import { connect, type Socket } from 'node:net';
import {
  BatchWriteItemCommand,
  ListTablesCommand,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../emulators/dynamodb/embedded-dynalite.js';
import { NodeSha256 } from '../../lambda/sources/route53/sha256.js';
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

describe('Local store front: a request is refused from its head, and only requests signed from the head take a body slot', () => {
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

  it("forged heads holding 4 MB bodies open (8 claiming a signed hash, 8 not) do not stop Lookout's own requests", async () => {
    // Arrange: 8 connections whose head claims a signed payload hash, 8 like the AWS CLI's; none sends a body
    const claimsHash = Array.from({ length: 8 }, () =>
      head(port, {
        authorization: LOOKS_SIGNED.replace('x-amz-date', 'x-amz-content-sha256;x-amz-date'),
        'x-amz-content-sha256': 'a'.repeat(64),
        'content-length': '4000000',
      }),
    );
    const unhashed = Array.from({ length: 8 }, () =>
      head(port, { authorization: LOOKS_SIGNED, 'content-length': '4000000' }),
    );
    const refusedFromHead = await Promise.all(claimsHash.map((r) => r.status));
    // 2 of the unhashed take that lane's slots and hold them; the other 6 are answered 503 at once
    const busy = await new Promise<number[]>((resolve) => {
      const answered: number[] = [];
      for (const r of unhashed)
        void r.status.then((s) => {
          answered.push(s);
          if (answered.length === 6) resolve(answered);
        });
    });

    // Act: Lookout's own requests while the unhashed ones still hold their connections open
    const own = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        dynamo.client.send(
          new PutItemCommand({ TableName: 'lookout', Item: { PK: { S: 'OWN' }, SK: { S: String(i) } } }),
        ),
      ),
    );
    const stillHeld = unhashed.filter((r) => !r.answered()).length;
    for (const r of [...claimsHash, ...unhashed]) r.socket.destroy();

    // Assess: forged signed-hash heads are refused unread; the rest cannot take Lookout's slots
    expect(refusedFromHead).toEqual(Array(8).fill(403));
    expect(busy).toEqual(Array(6).fill(503));
    expect(stillHeld).toBe(2);
    expect(own.map((o) => o.status)).toEqual(Array(12).fill('fulfilled'));
  });

  it('a request signed with the token whose body is swapped after signing is refused (403), and nothing is stored', async () => {
    // Arrange: a request signed the way Lookout's client signs (with x-amz-content-sha256)
    const item = (who: string) =>
      JSON.stringify({ TableName: 'lookout', Item: { PK: { S: 'SWAP' }, SK: { S: who } } });
    const signed = await new SignatureV4({
      credentials: dynamo.credentials,
      region: 'local',
      service: 'dynamodb',
      sha256: NodeSha256,
      applyChecksum: true,
    }).sign(
      new HttpRequest({
        method: 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port,
        path: '/',
        headers: {
          host: `127.0.0.1:${port}`,
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.PutItem',
        },
        body: item('signed'),
      }),
    );

    // Act: the same head, with another body of the same length
    const send = (body: string) =>
      fetch(dynamo.endpoint, { method: 'POST', headers: signed.headers, body }).then((r) => r.status);
    const swapped = await send(item('forged'));
    const stored = await dynamo.client.send(
      new ScanCommand({
        TableName: 'lookout',
        FilterExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'SWAP' } },
      }),
    );
    const original = await send(item('signed'));

    // Assess
    expect(signed.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(swapped).toBe(403);
    expect(stored.Items ?? []).toEqual([]);
    expect(original).toBe(200);
  });

  it('requests without a signed payload hash (the AWS CLI) have 2 body slots of their own: the 3rd gets 503, then the store answers', async () => {
    const requests = Array.from({ length: 3 }, () =>
      head(port, { authorization: LOOKS_SIGNED, 'content-length': String(MiB) }),
    );
    const third = await Promise.race(requests.map((r) => r.status));
    const holding = requests.filter((r) => !r.answered());
    for (const r of holding) r.socket.write(Buffer.alloc(MiB, 0x20));
    const late = await Promise.all(holding.map((r) => r.status));
    for (const r of requests) r.socket.destroy();
    const afterwards = await dynamo.client.send(new ListTablesCommand({}));

    expect(third).toBe(503);
    expect(late).toEqual([403, 403]);
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
