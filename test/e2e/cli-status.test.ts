import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoDnsServer } from '../../emulators/dns/dns-server.js';
import { runCli } from '../support/cli.js';
import { type LookoutProcess, linesOf, spawnLookout } from '../support/lookout-process.js';

const NAME = 'api.status.test';

/** Resolves once `file` exists: start writes status.json after its first round. */
async function appears(file: string, process: LookoutProcess): Promise<void> {
  while (!existsSync(file)) {
    if (process.child.exitCode !== null) throw new Error(`lookout exited first: ${process.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('CLI: lookout status beside a running lookout start (child processes)', () => {
  let dns: DemoDnsServer;
  let root: string;
  let configFile: string;
  let running: LookoutProcess | undefined;

  beforeAll(async () => {
    dns = new DemoDnsServer({ zones: [{ origin: 'status.test', negativeTtl: 30 }] });
    const address = await dns.start();
    dns.setRecords(NAME, 'A', ['192.0.2.10'], 60);
    dns.setRecords(NAME, 'TXT', ['keeps the name alive'], 60);
    root = mkdtempSync(join(tmpdir(), 'lookout-status-e2e-'));
    configFile = join(root, 'lookout.config.yaml');
    writeFileSync(
      configFile,
      [
        'probe:',
        '  intervalSeconds: 0.2',
        '  timeoutMs: 5000',
        `  resolvers: ['${address}']`,
        'detection:',
        '  autoResolve: false',
        'targets:',
        `  - name: ${NAME}`,
        '    mode: exact',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await running?.stop();
    await dns.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('shows the live view, prints an ack made from another terminal, and falls back to the store once stopped', async () => {
    // Prepare: start watching; once it has published its view, the name goes empty and an incident opens.
    const data = join(root, 'data');
    running = spawnLookout(['start', '--config', configFile, '--data', data]);
    await appears(join(data, 'status.json'), running);
    dns.deleteRecords(NAME, 'A');
    await running.until(/OPENED/);
    const live = await runCli(['status', '--data', data, '--json']);
    const report = JSON.parse(live.stdout) as {
      source: string;
      targets: { id: string; condition: string; answers: { kind: string }[]; incident: { id: string } }[];
    };
    const id = report.targets[0]?.incident.id as string;

    // Act: acknowledge from "another terminal", see the running start print it, then stop it.
    const ack = await runCli(['ack', id, '--data', data, '--by', 'cli:alice']);
    await running.until(/ACKNOWLEDGED/);
    const start = running;
    const code = await start.stop();
    running = undefined;
    const after = await runCli(['status', '--data', data, '--config', configFile]);

    // Assess
    expect(live.code).toBe(0);
    expect(report.source).toBe('running');
    expect(report.targets).toMatchObject([{ id: `${NAME}/A`, condition: 'empty' }]);
    expect(report.targets[0]?.answers.map((a) => a.kind)).toEqual(['NODATA']);
    expect(id).toMatch(/^inc-/);
    expect(ack.code).toBe(0);
    expect(code).toBe(0);
    const watched = linesOf(start.stdout());
    expect(watched.filter((l) => l.includes('ACKNOWLEDGED'))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\S* {2}${NAME}/A {2}ACKNOWLEDGED .*cli:alice`,
        ),
      ),
    ]);
    expect(watched.at(-1)).toMatch(
      new RegExp(
        `^done: \\d+ rounds, 1 target empty; \\d+ timeline entries printed; 1 incident open \\(${id}\\)$`,
      ),
    );
    expect(linesOf(ack.stdout)).toEqual([`${id} acknowledged by cli:alice`]);
    expect(readdirSync(data).sort()).toEqual(['.lookout-store', 'dynamodb']);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain(`no lookout start is running on ${data}; from the stored detector state`);
    expect(after.stdout).toMatch(new RegExp(`\\n${NAME}/A {2}empty since .* UTC · last probe .* UTC\\n`));
    expect(after.stdout).toMatch(new RegExp(`\\n {2}incident ${id} {2}.* · acknowledged · opened `));
    expect(after.stdout).not.toMatch(/undefined|NaN/);
  });
});
