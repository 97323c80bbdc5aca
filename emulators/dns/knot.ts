import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeDnsName } from '../../lambda/domain/dns-name.js';
import type { RecordType } from '../../lambda/domain/observation.js';
import { sleep } from '../../lambda/shared/sleep.js';
import { WireDnsClient } from '../../lambda/sources/dns/wire-client.js';

export interface KnotRecord {
  name: string;
  type: RecordType;
  ttl: number;
  values: string[];
}

export type KnotUpdate =
  | { op: 'add'; name: string; type: RecordType; ttl: number; values: string[] }
  | { op: 'delete-rrset'; name: string; type: RecordType }
  | { op: 'delete-name'; name: string };

export interface KnotOptions {
  zone: string;
  records: KnotRecord[];
  /** SOA MINIMUM (negative-caching TTL). */
  negativeTtl?: number;
  soaTtl?: number;
  /** A port to listen on (bringing a stopped server back where its resolvers point); a free one by default. */
  port?: number;
}

export interface KnotServer {
  /** `127.0.0.1:<port>`. */
  address: string;
  zone: string;
  /** Applies the changes atomically through knsupdate with the TSIG key (one `send`). */
  update(changes: KnotUpdate[]): Promise<void>;
  stop(): Promise<void>;
}

const INSTALL_HINT = 'apt-get install knot knot-dnsutils';
const TOOLS = ['knotd', 'knsupdate'] as const;

/** The knot binaries missing from PATH (and /usr/sbin, where Debian puts knotd). */
export function missingKnotTools(): string[] {
  return TOOLS.filter((tool) => binary(tool) === undefined);
}

/**
 * Whether real-DNS tests should run. When knot is absent they are skipped loudly, unless
 * LOOKOUT_REQUIRE_REAL_DNS=1, where a missing knot is a failure rather than a silent pass.
 *
 * @example
 * describe.skipIf(!realDnsAvailable())('knotd', () => { ... });
 */
export function realDnsAvailable(
  env: NodeJS.ProcessEnv = process.env,
  missing: string[] = missingKnotTools(),
): boolean {
  if (missing.length === 0) return true;
  const message = `real-DNS tests: knot not installed (missing ${missing.join(', ')}) — ${INSTALL_HINT}`;
  if (env.LOOKOUT_REQUIRE_REAL_DNS === '1') {
    throw new Error(`LOOKOUT_REQUIRE_REAL_DNS=1 but ${message}`);
  }
  console.warn(`SKIPPED ${message}`);
  return false;
}

/** Starts knotd on 127.0.0.1:<free port> serving `zone`, and resolves once it answers. */
export async function startKnot(options: KnotOptions): Promise<KnotServer> {
  const knotd = binary('knotd');
  const knsupdate = binary('knsupdate');
  if (!knotd || !knsupdate) throw new Error(`knot not installed — ${INSTALL_HINT}`);
  const zone = normalizeDnsName(options.zone);
  const dir = await mkdtemp(join(tmpdir(), 'lookout-knot-'));
  // Without the database directory in place, knotd answers every dynamic update with SERVFAIL.
  await Promise.all(['db', 'run', 'zones'].map((sub) => mkdir(join(dir, sub), { recursive: true })));
  const secret = randomBytes(32).toString('base64');
  const port = options.port ?? (await freePort());
  await writeFile(join(dir, 'zones', `${zone}.zone`), zoneFile(zone, options));
  await writeFile(join(dir, 'knot.conf'), knotConfig(dir, zone, port, secret));

  const child = spawn(knotd, ['-c', join(dir, 'knot.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const address = `127.0.0.1:${port}`;
  try {
    await waitUntilServing(child, address, zone, () => stderr);
  } catch (error) {
    await terminate(child);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    address,
    zone,
    update: (changes) => runUpdate(knsupdate, address, zone, secret, changes),
    stop: async () => {
      await terminate(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function binary(tool: string): string | undefined {
  for (const directory of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin']) {
    if (!directory) continue;
    const candidate = join(directory, tool);
    if (spawnSync('test', ['-x', candidate]).status === 0) return candidate;
  }
  return undefined;
}

function zoneFile(zone: string, options: KnotOptions): string {
  const soaTtl = options.soaTtl ?? 300;
  const negativeTtl = options.negativeTtl ?? 30;
  const lines = [
    `$ORIGIN ${zone}.`,
    `@ ${soaTtl} IN SOA ns1.${zone}. hostmaster.${zone}. 1 3600 600 86400 ${negativeTtl}`,
    `@ ${soaTtl} IN NS ns1.${zone}.`,
    `ns1.${zone}. ${soaTtl} IN A 127.0.0.1`,
  ];
  for (const record of options.records) {
    for (const value of record.values)
      lines.push(`${fqdn(record.name)} ${record.ttl} IN ${record.type} ${rdata(record.type, value)}`);
  }
  return `${lines.join('\n')}\n`;
}

function knotConfig(dir: string, zone: string, port: number, secret: string): string {
  return `server:
    rundir: "${dir}/run"
    listen: 127.0.0.1@${port}
database:
    storage: "${dir}/db"
key:
  - id: lookout-test
    algorithm: hmac-sha256
    secret: ${secret}
acl:
  - id: local-update
    address: 127.0.0.1
    key: lookout-test
    action: update
template:
  - id: default
    storage: "${dir}/zones"
    file: "%s.zone"
    zonefile-sync: -1
    journal-content: changes
zone:
  - domain: ${zone}
    acl: local-update
log:
  - target: stderr
    any: warning
`;
}

async function runUpdate(
  knsupdate: string,
  address: string,
  zone: string,
  secret: string,
  changes: KnotUpdate[],
): Promise<void> {
  const [host, port] = address.split(':');
  const script = [`server ${host} ${port}`, `zone ${zone}.`, 'origin .'];
  for (const change of changes) {
    if (change.op === 'delete-name') script.push(`update delete ${fqdn(change.name)}`);
    else if (change.op === 'delete-rrset') script.push(`update delete ${fqdn(change.name)} ${change.type}`);
    else {
      for (const value of change.values) {
        script.push(
          `update add ${fqdn(change.name)} ${change.ttl} ${change.type} ${rdata(change.type, value)}`,
        );
      }
    }
  }
  script.push('send', 'quit', '');
  const result = await run(knsupdate, ['-y', `hmac-sha256:lookout-test:${secret}`], script.join('\n'));
  if (result.code !== 0) throw new Error(`knsupdate failed (${result.code}): ${result.output.trim()}`);
}

function run(
  command: string,
  args: string[],
  input: string,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(input);
  });
}

async function waitUntilServing(child: ChildProcess, address: string, zone: string, log: () => string) {
  const client = new WireDnsClient({ timeoutMs: 200 });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`knotd exited with ${child.exitCode}: ${log()}`);
    // SOA at the apex is not in RECORD_TYPES; any authoritative NOERROR for the apex proves the zone loaded.
    const outcome = await client.query(address, zone, 'A');
    if (outcome.kind === 'NODATA' || outcome.kind === 'ANSWER') return;
    await sleep(50);
  }
  throw new Error(`knotd did not serve ${zone} on ${address} within 10 s: ${log()}`);
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A port free on TCP at the moment of asking; knotd binds UDP and TCP on it right after. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function fqdn(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

function rdata(type: RecordType, value: string): string {
  if (type === 'TXT') return `"${value.replace(/["\\]/g, '\\$&')}"`;
  if (type === 'CNAME') return fqdn(value);
  return value;
}
