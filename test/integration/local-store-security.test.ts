import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStore, openLocalStore } from '../../bin/support/local-store.js';
import { NodeSha256 } from '../../lambda/sources/route53/sha256.js';
import { incidentFixture } from '../support/incidents.js';

const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

/** A forged incident as raw DynamoDB JSON: what the other local user tried to write. */
const FORGED = {
  PK: { S: 'INCIDENT#inc-forged' },
  SK: { S: 'META' },
  GSI1PK: { S: 'INCIDENTS' },
  GSI1SK: { S: '2030-01-01T00:00:00.000Z#inc-forged' },
  data: { S: '{"title":"Click https://phish.example to restore DNS"}' },
};

function rawRequest(endpoint: string, target: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${target}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

/** Every entry under `dir` with its permission bits, relative to `dir`. */
function modes(dir: string): Map<string, number> {
  const out = new Map<string, number>([['.', statSync(dir).mode & 0o777]]);
  const walk = (sub: string) => {
    for (const name of readdirSync(join(dir, sub))) {
      const rel = sub ? `${sub}/${name}` : name;
      const stat = statSync(join(dir, rel));
      out.set(rel, stat.mode & 0o777);
      if (stat.isDirectory()) walk(rel);
    }
  };
  walk('');
  return out;
}

/** Runs `node -e script` as `nobody`; resolves with its exit code and output. */
function asNobody(script: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, ...args], {
      uid: NOBODY,
      gid: NOBODY,
      cwd: tmpdir(),
      env: { PATH: process.env.PATH ?? '', HOME: tmpdir() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.stderr.on('data', (d) => {
      out += String(d);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('Local store: only its owner can read or write it', () => {
  let dir: string;
  let local: LocalStore | undefined;

  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'lookout-private-')), 'data');
  });
  afterEach(async () => {
    await local?.close();
    local = undefined;
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('refuses reads and writes that are not signed with the token, and stores nothing they send', async () => {
    // Prepare: a running Lookout with one real incident
    local = await openLocalStore(dir, { serve: true });
    await local.store.incidents.create(incidentFixture({ id: 'inc-real' }));

    // Act: unsigned, signed with a guessed secret, and a signed request whose body was swapped
    const scan = await rawRequest(local.endpoint, 'Scan', { TableName: 'lookout' });
    const put = await rawRequest(local.endpoint, 'PutItem', { TableName: 'lookout', Item: FORGED });
    const guessed = new DynamoDBClient({
      endpoint: local.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'lookout', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const guessedScan = await guessed.send(new ScanCommand({ TableName: 'lookout' })).catch((e: Error) => e);
    const guessedPut = await guessed
      .send(new PutItemCommand({ TableName: 'lookout', Item: FORGED }))
      .catch((e: Error) => e);
    guessed.destroy();
    const token = readFileSync(join(dir, 'token'), 'utf8').trim();
    const swapped = await signedThenSwapped(local.endpoint, token);

    // Assess
    for (const response of [scan, put, swapped]) {
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.0');
      const body = (await response.json()) as { __type: string; message: string };
      expect(body.__type).toMatch(/^com\.amazon\.coral\.service#/);
      expect(body.message).toContain('only answers requests signed with its token');
      expect(JSON.stringify(body)).not.toContain('inc-real');
    }
    for (const error of [guessedScan, guessedPut]) {
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).toBe('UnrecognizedClientException');
      expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(403);
    }
    expect(await local.store.incidents.get('inc-forged')).toBeUndefined();
    expect((await local.store.incidents.list()).map((i) => i.id)).toEqual(['inc-real']);
  });

  it('lets a command with the token in: it reads the token file and talks to the running store', async () => {
    local = await openLocalStore(dir, { serve: true });
    await local.store.incidents.create(incidentFixture({ id: 'inc-real' }));

    const other = await openLocalStore(dir);
    try {
      expect(other.owner).toBe(false);
      expect(other.endpoint).toBe(local.endpoint);
      expect((await other.store.incidents.list()).map((i) => i.id)).toEqual(['inc-real']);
    } finally {
      await other.close();
    }
  });

  it('creates the data directory 0700 and every file in it 0600, token and endpoint included', async () => {
    local = await openLocalStore(dir, { serve: true });
    await local.store.incidents.create(incidentFixture({ id: 'inc-real' }));

    const found = modes(dir);
    expect([...found.keys()]).toEqual(expect.arrayContaining(['.', 'token', 'endpoint', 'dynamodb/CURRENT']));
    for (const [path, mode] of found) {
      const isDir = statSync(join(dir, path)).isDirectory();
      expect([path, mode.toString(8)]).toEqual([path, isDir ? '700' : '600']);
    }
    expect(readFileSync(join(dir, 'token'), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('tightens a data directory and files others could read, with one notice line naming them', async () => {
    // Prepare: what an older Lookout left behind
    mkdirSync(join(dir, 'dynamodb'), { recursive: true });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'dynamodb'), 0o755);
    writeFileSync(join(dir, 'endpoint'), 'http://127.0.0.1:1');
    chmodSync(join(dir, 'endpoint'), 0o644);
    const notices: string[] = [];

    // Act
    local = await openLocalStore(dir, { serve: true, notice: (line) => notices.push(line) });

    // Assess
    expect(notices).toHaveLength(1);
    expect(notices[0]).not.toContain('\n');
    expect(notices[0]).toMatch(/data \(was 0755\)/);
    expect(notices[0]).toMatch(/data\/dynamodb \(was 0755\)/);
    expect(notices[0]).toMatch(/data\/endpoint \(was 0644\)|and 1 more/);
    for (const [path, mode] of modes(dir)) {
      expect([path, mode & 0o077]).toEqual([path, 0]);
    }
  });

  it.skipIf(!isRoot)(
    'keeps another local user (nobody) out: no token, no data files, no unsigned request',
    async () => {
      local = await openLocalStore(dir, { serve: true });
      await local.store.incidents.create(incidentFixture({ id: 'inc-real' }));
      const ldbFile = readdirSync(join(dir, 'dynamodb')).find((n) => n.endsWith('.log')) as string;

      const attempt = await asNobody(
        `
        const fs = require('node:fs');
        const [dir, ldb, endpoint] = process.argv.slice(1);
        const tryRead = (p) => { try { fs.readFileSync(p); return 'read'; } catch (e) { return e.code; } };
        const tryList = (p) => { try { fs.readdirSync(p); return 'listed'; } catch (e) { return e.code; } };
        (async () => {
          const res = await fetch(endpoint, { method: 'POST', body: JSON.stringify({ TableName: 'lookout' }),
            headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.Scan' } });
          console.log(JSON.stringify({
            token: tryRead(dir + '/token'), endpoint: tryRead(dir + '/endpoint'),
            list: tryList(dir), ldb: tryRead(dir + '/dynamodb/' + ldb), scan: res.status,
          }));
        })();
        `,
        [dir, ldbFile, local.endpoint],
      );

      expect(attempt.code).toBe(0);
      expect(JSON.parse(attempt.out)).toEqual({
        token: 'EACCES',
        endpoint: 'EACCES',
        list: 'EACCES',
        ldb: 'EACCES',
        scan: 403,
      });
      expect((await local.store.incidents.list()).map((i) => i.id)).toEqual(['inc-real']);
    },
  );
});

/** A request signed with the right token whose body is then replaced: the signature must not cover it. */
async function signedThenSwapped(endpoint: string, token: string): Promise<Response> {
  const url = new URL(endpoint);
  const honest = JSON.stringify({ TableName: 'lookout', Limit: 1 });
  const signer = new SignatureV4({
    credentials: { accessKeyId: 'lookout', secretAccessKey: token },
    region: 'local',
    service: 'dynamodb',
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: {
        host: url.host,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.PutItem',
        'x-amz-content-sha256': createHash('sha256').update(honest).digest('hex'),
      },
      body: honest,
    }),
  );
  const headers = { ...signed.headers };
  delete headers.host;
  return fetch(endpoint, {
    method: 'POST',
    headers,
    body: JSON.stringify({ TableName: 'lookout', Item: FORGED }),
  });
}
