import { createSocket } from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCommand } from '../../bin/commands/check.js';
import { DemoDnsServer } from '../../emulators/dns/dns-server.js';
import { runCommand } from '../support/command-io.js';

const ZONE = 'example.test';

function runCheck(args: string[], resolvConf?: string) {
  return runCommand((io) => checkCommand({ ...io, ...(resolvConf ? { resolvConf } : {}) }), args);
}

describe('Command: lookout check', () => {
  const primary = new DemoDnsServer({ zones: [{ origin: ZONE, negativeTtl: 45 }] });
  const secondary = new DemoDnsServer({ zones: [{ origin: ZONE, negativeTtl: 45 }] });
  let a: string;
  let b: string;
  let dir: string;

  beforeAll(async () => {
    [a, b] = await Promise.all([primary.start(), secondary.start()]);
    for (const server of [primary, secondary]) {
      server.setRecords(`api.${ZONE}`, 'A', ['192.0.2.2', '192.0.2.1'], 60);
      server.setRecords(`api.${ZONE}`, 'TXT', ['owner=team-a'], 60);
    }
    secondary.setRecords(`split.${ZONE}`, 'A', ['192.0.2.9'], 60);
    primary.setRecords(`split.${ZONE}`, 'TXT', ['only text here'], 60);
    dir = await mkdtemp(join(tmpdir(), 'lookout-check-'));
  });
  afterAll(async () => {
    await Promise.all([primary.stop(), secondary.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 and prints each resolver’s values and TTL when the name answers', async () => {
    const result = await runCheck([`api.${ZONE}`, '--server', a, '--server', b]);

    expect(result.exitCode).toBe(0);
    expect(result.out).toContain(`api.${ZONE} A: ANSWERED (2/2 resolvers returned records)`);
    expect(result.out).toMatch(
      new RegExp(`${a}\\s+ANSWER\\s+NOERROR\\s+192\\.0\\.2\\.1, 192\\.0\\.2\\.2\\s+ttl 60s`),
    );
    expect(result.err).toBe('');
  });

  it('exits 2 on NODATA and NXDOMAIN and shows the negative TTL', async () => {
    const nodata = await runCheck([`api.${ZONE}`, '--type', 'aaaa', '--server', `${a},${b}`]);
    const nxdomain = await runCheck([`missing.${ZONE}`, '--server', a]);

    expect(nodata.exitCode).toBe(2);
    expect(nodata.out).toMatch(/NODATA\s+NOERROR\s+negative ttl 45s/);
    expect(nxdomain.exitCode).toBe(2);
    expect(nxdomain.out).toMatch(/EMPTY/);
    expect(nxdomain.out).toMatch(/NXDOMAIN\s+NXDOMAIN\s+negative ttl 45s/);
  });

  it('treats a split vote as empty', async () => {
    const result = await runCheck([`split.${ZONE}`, '--server', a, '--server', b]);

    expect(result.exitCode).toBe(2);
    expect(result.out).toContain('(1/2 resolvers returned records)');
  });

  it('exits 3 when no resolver gives a usable answer', async () => {
    primary.setFault('servfail');
    secondary.setFault('drop');
    try {
      const result = await runCheck([`api.${ZONE}`, '--server', a, '--server', b, '--timeout', '200']);

      expect(result.exitCode).toBe(3);
      expect(result.out).toMatch(/UNREACHABLE/);
      expect(result.out).toMatch(/SERVFAIL/);
      expect(result.out).toMatch(/TIMEOUT.*no response within 200 ms/);
    } finally {
      primary.clearFaults();
      secondary.clearFaults();
    }
  });

  it('exits 3 and names a refused connection and a broadcast address, not TIMEOUT', async () => {
    const closed = createSocket('udp4');
    await new Promise<void>((resolve) => closed.bind(0, '127.0.0.1', resolve));
    const refused = `127.0.0.1:${closed.address().port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const result = await runCheck([`api.${ZONE}`, '--server', refused, '--server', '255.255.255.255:53']);

    expect(result.exitCode).toBe(3);
    expect(result.out).toMatch(
      new RegExp(
        `${refused.replace(/\./g, '\\.')}\\s+UNREACHABLE\\s+-\\s+connection refused by ${refused.replace(/\./g, '\\.')} `,
      ),
    );
    expect(result.out).toMatch(/255\.255\.255\.255:53\s+UNREACHABLE\s+-\s+network unreachable: /);
    expect(result.out).not.toMatch(/TIMEOUT/);
    expect(result.err).toBe('');
  });

  it('prints JSON with the outcomes and the verdict when asked', async () => {
    const result = await runCheck([`api.${ZONE}`, '-t', 'TXT', '-s', a, '--json']);

    const parsed = JSON.parse(result.out) as { verdict: string; exitCode: number; outcomes: unknown[] };
    expect(parsed).toMatchObject({ name: `api.${ZONE}`, type: 'TXT', verdict: 'answered', exitCode: 0 });
    expect(parsed.outcomes).toEqual([
      expect.objectContaining({ resolver: a, kind: 'ANSWER', values: ['owner=team-a'], ttl: 60 }),
    ]);
    expect(result.exitCode).toBe(0);
  });

  it('uses the system resolvers when no --server is given', async () => {
    const resolvConf = join(dir, 'resolv.conf');
    await writeFile(resolvConf, 'nameserver 127.0.0.1\n');

    const result = await runCheck([`api.${ZONE}`, '--json', '--timeout', '300'], resolvConf);

    const parsed = JSON.parse(result.out) as { servers: string[] };
    expect(parsed.servers).toEqual(['127.0.0.1:53']);
  });

  it.each([
    [
      ['api.example.test', '--type', 'MX', '--server', '127.0.0.1:53'],
      /^lookout: unknown record type "MX": expected one of A, AAAA, CNAME, TXT$/,
    ],
    [
      ['api.example.test', '--server', '127.0.0.1:99999'],
      /^lookout: invalid DNS server "127\.0\.0\.1:99999"/,
    ],
    [['api.example.test', '--server', 'a b'], /^lookout: invalid DNS server "a b"/],
    [['not a name', '--server', '127.0.0.1:53'], /^lookout: invalid DNS name "not a name"/],
    [
      ['api.example.test', '--timeout', 'soon', '--server', '127.0.0.1:53'],
      /^lookout: invalid --timeout "soon"/,
    ],
  ])('exits 1 with a one-line message for %j', async (args, message) => {
    const result = await runCheck(args);

    expect(result.exitCode).toBe(1);
    expect(result.err).toMatch(message);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(result.err).not.toMatch(/\n\s+at /);
    expect(result.out).toBe('');
  });

  it('leaves a missing <name> to commander, which reports it as a usage error', async () => {
    const result = await runCheck([]);

    expect(result.thrown).toMatchObject({ exitCode: 1, code: 'commander.missingArgument' });
    expect(result.err).toMatch(/missing required argument 'name'/);
  });
});
