import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalStore } from '../../bin/support/local-store.js';
import { DemoDnsServer } from '../../emulators/dns/dns-server.js';
import { LOOKOUT_BIN } from '../support/cli.js';
import { incidentFixture } from '../support/incidents.js';

const NAME = 'api.lookout.test';

interface Piped {
  /** What reached `head`'s output so far. */
  stdout: () => string;
  /** Resolves once `head` has passed on its lines and gone. */
  headGone: Promise<void>;
  /** When the pipeline is over: Lookout's and head's exit codes, and what Lookout wrote to stderr. */
  done: Promise<{ codes: string; stderr: string }>;
}

/** `lookout <args> | head -<lines>` in bash, as a user types it. */
function throughHead(args: string[], lines: number): Piped {
  const quoted = args.map((a) => `'${a}'`).join(' ');
  // head's side of the pipe is closed before it says it has gone, so Lookout's next write fails with EPIPE.
  const script = `"${process.execPath}" "${LOOKOUT_BIN}" ${quoted} 2>"$ERR" | { head -${lines}; s=$?; exec 0<&-; echo head-gone >&2; exit $s; }; echo "codes=\${PIPESTATUS[0]},\${PIPESTATUS[1]}" >&2; cat "$ERR" >&2`;
  const child = spawn('bash', ['-c', script], {
    env: {
      ...process.env,
      NO_COLOR: '1',
      SLACK_BOT_TOKEN: '',
      ERR: join(tmpdir(), `lookout-pipe-${process.pid}-${lines}`),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let gone: () => void = () => undefined;
  const headGone = new Promise<void>((resolve) => {
    gone = resolve;
  });
  child.stdout.on('data', (d) => {
    stdout += String(d);
  });
  child.stderr.on('data', (d) => {
    stderr += String(d);
    if (stderr.includes('head-gone\n')) gone();
  });
  const done = new Promise<{ codes: string; stderr: string }>((resolve) =>
    child.on('close', () =>
      resolve({
        codes: /codes=(\S+)/.exec(stderr)?.[1] ?? '',
        stderr: stderr.replace(/codes=\S+\n?|head-gone\n/g, ''),
      }),
    ),
  );
  return {
    stdout: () => stdout,
    headGone,
    done,
  };
}

describe('CLI: a closed pipe ends the local store cleanly', () => {
  let dns: DemoDnsServer;
  let root: string;
  let configFile: string;

  beforeAll(async () => {
    dns = new DemoDnsServer({ zones: [{ origin: 'lookout.test', negativeTtl: 30 }] });
    const address = await dns.start();
    dns.setRecords(NAME, 'A', ['192.0.2.10'], 60);
    root = mkdtempSync(join(tmpdir(), 'lookout-pipes-'));
    configFile = join(root, 'lookout.config.yaml');
    writeFileSync(
      configFile,
      `probe:\n  intervalSeconds: 0.2\n  timeoutMs: 1000\n  resolvers: ['${address}']\ntargets:\n  - name: ${NAME}\n    mode: exact\n`,
    );
  });
  afterAll(async () => {
    await dns.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('`lookout start | head -2`: exits 0 at its next line and withdraws its endpoint and token', async () => {
    const data = join(root, 'start');
    const piped = throughHead(['start', '--config', configFile, '--data', data], 2);
    await piped.headGone;

    // Act: head has gone; a change in DNS makes Lookout write its next line
    dns.setRecords(NAME, 'A', ['192.0.2.99'], 60);
    const { codes, stderr } = await piped.done;

    // Assess
    expect(codes).toBe('0,0');
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(readdirSync(data)).toEqual(['.lookout-store', 'dynamodb']);
    expect(existsSync(join(data, 'endpoint'))).toBe(false);
    expect(existsSync(join(data, 'token'))).toBe(false);
  });

  it('`lookout incidents | head -1`: exit 0, nothing on stderr', async () => {
    const data = join(root, 'incidents');
    const local = await openLocalStore(data, { create: true });
    for (let i = 0; i < 30; i++) {
      await local.store.incidents.create(
        incidentFixture({ id: `inc-${i}`, openedAt: new Date(Date.UTC(2025, 9, 20, 6, i)).toISOString() }),
      );
    }
    await local.close();

    const piped = throughHead(['incidents', '--data', data, '--limit', '30'], 1);
    const { codes, stderr } = await piped.done;

    expect(piped.stdout().split('\n').filter(Boolean)).toHaveLength(1);
    expect(codes).toBe('0,0');
    expect(stderr).toBe('');
  });
});
