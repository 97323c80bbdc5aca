import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DemoDnsServer } from '../../emulators/dns/dns-server.js';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { LOOKOUT_BIN, runCli } from '../support/cli.js';

const ZONE = 'outbox.test';
const TOKEN = 'xoxb-test-token';

/** A long-running `lookout start` that the test can kill -9, with its output collected. */
function startLookout(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [LOOKOUT_BIN, 'start', ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += String(d);
  });
  child.stderr?.on('data', (d) => {
    output += String(d);
  });
  return { child, output: () => output };
}

describe('CLI: Slack delivery across kill -9 and the outbox commands (child processes)', {
  timeout: 180_000,
}, () => {
  let dns: DemoDnsServer;
  let slack: FakeSlack;
  let dir: string;
  const running: ChildProcess[] = [];

  beforeAll(async () => {
    dns = new DemoDnsServer({ zones: [{ origin: ZONE, negativeTtl: 30 }] });
    await dns.start();
    dir = mkdtempSync(join(tmpdir(), 'lookout-outbox-'));
  });
  afterEach(async () => {
    for (const child of running.splice(0)) child.kill('SIGKILL');
    await slack?.stop();
  });
  afterAll(async () => dns.stop());

  function config(name: string): string {
    dns.setRecords(name, 'A', ['192.0.2.30'], 60);
    dns.setRecords(name, 'TXT', ['keeps the name alive'], 60);
    const file = join(dir, `${name}.yaml`);
    writeFileSync(
      file,
      `probe:\n  intervalSeconds: 0.2\n  timeoutMs: 500\n  resolvers: ['${dns.address}']\ndetection:\n  autoResolve: false\ntargets:\n  - name: ${name}\n`,
    );
    return file;
  }

  it('a restart after kill -9 mid-post takes delivery over at once and adopts the post instead of repeating it', async () => {
    slack = await new FakeSlack({ channels: ['C0ALERTS'], rateLimit: false }).start();
    const name = `kill.${ZONE}`;
    const file = config(name);
    const data = join(dir, 'kill-data');
    const env = { SLACK_BOT_TOKEN: TOKEN, SLACK_CHANNEL: 'C0ALERTS', SLACK_API_URL: slack.url };
    expect((await runCli(['start', '--config', file, '--data', data, '--rounds', '1'], { env })).code).toBe(
      0,
    );

    // Slack performs the root post but never answers: the first Lookout is stuck mid-post, holding the lease.
    slack.failNext(1, { performThenDelayMs: 600_000 }, 'chat.postMessage');
    dns.deleteRecords(name, 'A');
    const first = startLookout(['--config', file, '--data', data], env);
    running.push(first.child);
    await vi.waitFor(() => expect(slack.roots('C0ALERTS')).toHaveLength(1), {
      timeout: 30_000,
      interval: 50,
    });
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('close', resolve));

    const second = await runCli(['start', '--config', file, '--data', data, '--rounds', '2'], { env });
    expect(second.code).toBe(0);
    expect(second.stdout + second.stderr).toContain('took over Slack delivery');
    expect(slack.roots('C0ALERTS')).toHaveLength(1);
    const outbox = await runCli(['outbox', '--data', data]);
    expect(outbox.stdout).toContain('outbox empty');
  });

  it('queues alerts while Slack is off, lists them, and sends them once a token is set', async () => {
    slack = await new FakeSlack({ channels: ['C0ALERTS'], rateLimit: false }).start();
    const name = `off.${ZONE}`;
    const file = config(name);
    const data = join(dir, 'off-data');
    const noToken = { SLACK_BOT_TOKEN: '', SLACK_CHANNEL: 'C0ALERTS' };
    await runCli(['start', '--config', file, '--data', data, '--rounds', '1'], { env: noToken });
    dns.deleteRecords(name, 'A');
    const off = await runCli(['start', '--config', file, '--data', data, '--rounds', '3'], { env: noToken });
    expect(off.stdout).toContain('Slack: off (set SLACK_BOT_TOKEN to post); incidents queue for C0ALERTS');
    expect(off.stdout).toMatch(/OPENED\s+off\.outbox\.test A is EMPTY/);

    const listed = await runCli(['outbox', '--data', data]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^C0ALERTS: 1 pending, 0 failed$/m);
    expect(listed.stdout).toMatch(/pending {2}opened-\w+ · OPENED of inc-/);

    const json = JSON.parse((await runCli(['outbox', '--data', data, '--json'])).stdout) as {
      pending: { entry: { entryId: string } }[];
    };
    const pendingId = json.pending[0]?.entry.entryId as string;
    const notFailed = await runCli(['outbox', 'retry', pendingId, '--data', data]);
    expect(notFailed.code).toBe(1);
    expect(notFailed.stderr).toContain(`outbox item ${pendingId} is pending, not failed`);

    const on = { SLACK_BOT_TOKEN: TOKEN, SLACK_CHANNEL: 'C0ALERTS', SLACK_API_URL: slack.url };
    await runCli(['start', '--config', file, '--data', data, '--rounds', '1'], { env: on });
    expect(slack.roots('C0ALERTS')).toHaveLength(1);
    expect(JSON.stringify(slack.roots('C0ALERTS')[0]?.blocks)).toContain(name);
  });

  it('lists failed items with the reason and retries them, against a running Lookout and a stopped store', async () => {
    slack = await new FakeSlack({ channels: ['C0ALERTS'], rateLimit: false }).start();
    const name = `gone.${ZONE}`;
    const file = config(name);
    const data = join(dir, 'gone-data');
    const env = { SLACK_BOT_TOKEN: TOKEN, SLACK_CHANNEL: 'C0ARCHIVED', SLACK_API_URL: slack.url };
    await runCli(['start', '--config', file, '--data', data, '--rounds', '1'], { env });
    dns.deleteRecords(name, 'A');
    await runCli(['start', '--config', file, '--data', data, '--rounds', '3'], { env });

    const stopped = await runCli(['outbox', '--data', data, '--json']);
    const view = JSON.parse(stopped.stdout) as {
      failed: { entry: { entryId: string }; lastError: string }[];
    };
    expect(view.failed).toHaveLength(1);
    expect(view.failed[0]?.lastError).toBe('channel_not_found');
    const id = view.failed[0]?.entry.entryId as string;
    const text = await runCli(['outbox', '--data', data]);
    expect(text.stdout).toMatch(/^C0ARCHIVED: 0 pending, 1 failed$/m);
    expect(text.stdout).toContain('last error: channel_not_found');

    const unknown = await runCli(['outbox', 'retry', 'opened-nope', '--data', data]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('opened-nope');

    // The channel exists now; retry through the running Lookout, which then delivers it.
    slack.addChannel('C0ARCHIVED');
    const live = startLookout(['--config', file, '--data', data], env);
    running.push(live.child);
    await vi.waitFor(() => expect(live.output()).toContain('Slack: posting to C0ARCHIVED'), {
      timeout: 30_000,
      interval: 50,
    });
    const retried = await runCli(['outbox', 'retry', id, '--data', data]);
    expect(retried.stdout).toContain('1 item(s) back in line for Slack; the running Lookout sends them');
    await vi.waitFor(() => expect(slack.roots('C0ARCHIVED')).toHaveLength(1), {
      timeout: 30_000,
      interval: 50,
    });
    const after = await runCli(['outbox', '--data', data]);
    expect(after.stdout).toContain('outbox empty');
  });
});
