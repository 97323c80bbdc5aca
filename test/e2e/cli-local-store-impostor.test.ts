import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStore, openLocalStore } from '../../bin/support/local-store.js';
import { createStore, ensureTable } from '../../lambda/store/store.js';
import { runCli } from '../support/cli.js';
import { incidentFixture } from '../support/incidents.js';
import { type LookoutProcess, linesOf, spawnLookout } from '../support/lookout-process.js';

interface Impostor {
  endpoint: string;
  /** The X-Amz-Target of every request it was sent. */
  targets: string[];
  stop(): Promise<void>;
}

/**
 * Another local user's server on a port Lookout published: it answers every DynamoDB request with 200
 * from a store of its own (dynalite, which checks no signature), holding one forged incident.
 */
async function impostor(port = 0): Promise<Impostor> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const targets: string[] = [];
  server.on('request', (req: { headers: Record<string, unknown> }) => {
    targets.push(String(req.headers['x-amz-target'] ?? ''));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'anyone', secretAccessKey: 'anything' },
  });
  await ensureTable(client, 'lookout');
  await createStore(client, 'lookout').incidents.create(
    incidentFixture({ id: 'inc-forged', title: 'Click https://phish.example to restore DNS' }),
  );
  client.destroy();
  targets.length = 0;
  return { endpoint, targets, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

const notListTables = (targets: string[]) => targets.filter((t) => t !== 'DynamoDB_20120810.ListTables');

describe('CLI: a stale endpoint is not trusted: the server must prove it holds the token', () => {
  let root: string;
  let configFile: string;
  let running: LookoutProcess | undefined;
  let fake: Impostor | undefined;
  let held: LocalStore | undefined;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'lookout-impostor-'));
    configFile = join(root, 'lookout.config.yaml');
    writeFileSync(
      configFile,
      "probe:\n  intervalSeconds: 0.2\n  timeoutMs: 300\n  resolvers: ['127.0.0.1:1']\ntargets:\n  - name: api.lookout.test\n    mode: exact\n",
    );
  });
  afterEach(async () => {
    await running?.stop();
    await fake?.stop();
    await held?.close();
    running = undefined;
    fake = undefined;
    held = undefined;
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('after kill -9, a server on the old port answering 200 to everything gets no query and shows nothing', async () => {
    // Prepare: a Lookout that opened an incident, killed; someone else listens on its port
    const data = join(root, 'killed');
    running = spawnLookout(['start', '--config', configFile, '--data', data]);
    await running.until(/OPENED/);
    running.child.kill('SIGKILL');
    await running.exited;
    running = undefined;
    const endpoint = readFileSync(join(data, 'endpoint'), 'utf8').trim();
    fake = await impostor(Number(new URL(endpoint).port));

    // Act
    const listed = await runCli(['incidents', '--data', data, '--json']);

    // Assess: the CLI asked nothing that matters, and read the real store itself
    expect(notListTables(fake.targets)).toEqual([]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain('phish');
    const incidents = JSON.parse(listed.stdout) as { id: string; targetId: string }[];
    expect(incidents.map((i) => i.targetId)).toEqual(['api.lookout.test/A']);
  });

  it('an endpoint that gives no proof while the store is locked: the one line says both, then it reads the store', async () => {
    // Prepare: this process holds the store (as another command would); the files point at a stranger
    const data = join(root, 'locked');
    held = await openLocalStore(data, { create: true });
    await held.store.incidents.create(incidentFixture({ id: 'inc-held' }));
    fake = await impostor();
    writeFileSync(join(data, 'endpoint'), fake.endpoint, { mode: 0o600 });
    writeFileSync(join(data, 'token'), `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });

    // Act: let go of the store once the command says it waits
    const run = spawnLookout(['incidents', '--data', data, '--json']);
    await run.until(/waiting up to 10 s/);
    await held.close();
    held = undefined;
    const code = await run.exited;

    // Assess
    expect(notListTables(fake.targets)).toEqual([]);
    expect(code).toBe(0);
    expect(linesOf(run.stderr())).toEqual([
      `lookout: ${data} is in use by another process, and ${fake.endpoint} (in ${data}/endpoint) is not a Lookout serving it (it answered without proof of the token); waiting up to 10 s`,
    ]);
    expect((JSON.parse(run.stdout()) as { id: string }[]).map((i) => i.id)).toEqual(['inc-held']);
  });

  it('the running store proves the token only to a request signed with it', async () => {
    const data = join(root, 'proof');
    held = await openLocalStore(data, { serve: true });
    const token = readFileSync(join(data, 'token'), 'utf8').trim();
    const nonce = randomBytes(32).toString('hex');
    const expected = createHmac('sha256', token).update(`lookout endpoint proof\n${nonce}`).digest('hex');
    let proof: string | undefined;
    const signed = new DynamoDBClient({
      endpoint: held.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'lookout', secretAccessKey: token },
    });
    signed.middlewareStack.add(
      (next) => async (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-lookout-nonce'] = nonce;
        const out = await next(args);
        proof = (out.response as { headers: Record<string, string> }).headers['x-lookout-proof'];
        return out;
      },
      { step: 'build' },
    );
    await signed.send(new ListTablesCommand({}));
    signed.destroy();
    const unsigned = await fetch(held.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        'x-lookout-nonce': nonce,
      },
      body: '{}',
    });

    expect(proof).toBe(expected);
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-lookout-proof')).toBeNull();
  });
});
