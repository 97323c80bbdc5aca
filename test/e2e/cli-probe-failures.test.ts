import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoDnsServer } from '../../emulators/dns/dns-server.js';
import { type CliRun, LOOKOUT_BIN, runCli, runCommand } from '../support/cli.js';

const ZONE = 'lookout.test';
const NAME = `api.${ZONE}`;
const OTHER = `db.${ZONE}`;
const STACK_TRACE = /\n\s+at /;

/**
 * A private network namespace has a loopback that is down and no route at all: the "network is down"
 * case for real. It needs unprivileged user namespaces (`unshare -rn`); where they are not allowed the
 * test is skipped and test/integration/dns-probe-failures covers the same error through an injected socket.
 */
const canUnshareNetwork = spawnSync('unshare', ['-rn', 'true']).status === 0;

function runCliWithoutNetwork(args: string[]): Promise<CliRun> {
  return runCommand('unshare', ['-rn', process.execPath, LOOKOUT_BIN, ...args]);
}

describe('CLI: a resolver that cannot be reached never takes Lookout down (child processes)', () => {
  const dns = new DemoDnsServer({ zones: [{ origin: ZONE, negativeTtl: 30 }] });
  let good: string;
  let dir: string;

  beforeAll(async () => {
    good = await dns.start();
    dns.setRecords(NAME, 'A', ['192.0.2.10'], 60);
    dns.setRecords(OTHER, 'A', ['192.0.2.20'], 60);
    dir = mkdtempSync(join(tmpdir(), 'lookout-probe-failures-'));
  });
  afterAll(async () => {
    await dns.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lookout check exits 3 with one line per unreachable resolver and no stack trace', async () => {
    const run = await runCli([
      'check',
      NAME,
      '--server',
      'dns.example.invalid:53',
      '--server',
      '255.255.255.255:53',
      '--timeout',
      '3000',
    ]);

    expect(run.code).toBe(3);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`${NAME} A: UNREACHABLE (0/2 resolvers returned records)`);
    expect(lines[1]).toMatch(
      /^ {2}dns\.example\.invalid:53\s+UNREACHABLE\s+-\s+cannot resolve resolver host dns\.example\.invalid: /,
    );
    expect(lines[2]).toMatch(/^ {2}255\.255\.255\.255:53\s+UNREACHABLE\s+-\s+network unreachable: /);
  });

  it('lookout check still reports the answer of the resolver that works (exit 0)', async () => {
    const run = await runCli(['check', NAME, '--server', '255.255.255.255:53', '--server', good]);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`${NAME} A: ANSWERED (1/2 resolvers returned records)`);
    expect(run.stdout).toMatch(/255\.255\.255\.255:53\s+UNREACHABLE\s+-\s+network unreachable/);
  });

  it('lookout start keeps probing every other resolver and target', async () => {
    const config = join(dir, 'lookout.config.yaml');
    writeFileSync(
      config,
      [
        'probe:',
        '  intervalSeconds: 0.2',
        '  timeoutMs: 3000',
        `  resolvers: ['dns.example.invalid:53', '255.255.255.255:53', '${good}']`,
        'detection:',
        '  autoResolve: false',
        'targets:',
        `  - name: ${NAME}`,
        '    mode: exact',
        `  - name: ${OTHER}`,
        '    mode: exact',
        `  - name: broken.${ZONE}`,
        `    resolvers: ['dns.example.invalid:53', '255.255.255.255:53']`,
      ].join('\n'),
    );

    const run = await runCli(['start', '--config', config, '--data', join(dir, 'data'), '--rounds', '2']);

    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.stdout).toContain(`${NAME}/A  answering: 192.0.2.10 (TTL 60 s)`);
    expect(run.stdout).toContain(`${OTHER}/A  answering: 192.0.2.20 (TTL 60 s)`);
    expect(run.stdout).toMatch(
      new RegExp(
        `broken\\.${ZONE.replace('.', '\\.')}/A {2}unreachable: dns\\.example\\.invalid:53 UNREACHABLE \\(cannot resolve resolver host`,
      ),
    );
    // Both of broken's resolvers answer none of the targets asking them: one incident for that cause
    // (issue #7 item 8), saying what they gave, while the other targets answer through the good one.
    expect(run.stdout).toMatch(
      /OPENED\s+255\.255\.255\.255:53 and dns\.example\.invalid:53 stopped answering: they gave none of the 3 targets asking them a usable answer/,
    );
    expect(run.stdout.match(/OPENED/g)).toHaveLength(1);
    expect(run.stdout).not.toMatch(/EMPTY/);
  });

  it.skipIf(!canUnshareNetwork)(
    'lookout check exits 3 with "network unreachable" when the machine has no network at all',
    async () => {
      const run = await runCliWithoutNetwork([
        'check',
        NAME,
        '--server',
        '127.0.0.1:53',
        '--server',
        'dns.example.invalid:53',
        '--timeout',
        '3000',
      ]);

      expect(run.code).toBe(3);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(
        /127\.0\.0\.1:53\s+UNREACHABLE\s+-\s+network unreachable: no route to 127\.0\.0\.1:53 \(ENETUNREACH\)/,
      );
      expect(run.stdout).toMatch(
        /dns\.example\.invalid:53\s+UNREACHABLE\s+-\s+cannot resolve resolver host dns\.example\.invalid: /,
      );
    },
  );
});
