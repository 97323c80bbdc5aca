import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DemoDnsServer } from '../../emulators/dns/dns-server.js';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { runCli } from '../support/cli.js';
import { type LookoutProcess, spawnLookout } from '../support/lookout-process.js';

const ZONE = 'socket.test';
const BOT_TOKEN = 'xoxb-test-token';
const APP_TOKEN = 'xapp-1-A0LOOKOUT-1-e2e';

describe('CLI: lookout start answers /lookout over Socket Mode (child process, Slack emulator)', {
  timeout: 120_000,
}, () => {
  let dns: DemoDnsServer;
  let slack: FakeSlack;
  let dir: string;
  let config: string;
  let running: LookoutProcess | undefined;

  beforeAll(async () => {
    dns = new DemoDnsServer({ zones: [ZONE] });
    await dns.start();
    dns.setRecords(`www.${ZONE}`, 'A', ['192.0.2.40'], 60);
    dir = mkdtempSync(join(tmpdir(), 'lookout-socket-mode-'));
    config = join(dir, 'lookout.config.yaml');
    writeFileSync(
      config,
      `probe:\n  intervalSeconds: 0.5\n  timeoutMs: 500\n  resolvers: ['${dns.address}']\ntargets:\n  - name: www.${ZONE}\n`,
    );
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await slack?.stop();
  });
  afterAll(async () => dns.stop());

  const env = (more: NodeJS.ProcessEnv) => ({
    SLACK_CHANNEL: 'C0ALERTS',
    SLACK_API_URL: slack.url,
    LOOKOUT_DATA_DIR: join(dir, `data-${Math.random().toString(36).slice(2)}`),
    ...more,
  });

  it('connects, answers /lookout help with the help text as its acknowledgement, and closes the connection on Ctrl-C', async () => {
    // Prepare
    slack = await new FakeSlack({ tokens: [BOT_TOKEN], appTokens: [APP_TOKEN], rateLimit: false }).start();
    running = spawnLookout(
      ['start', '--config', config],
      env({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN }),
    );
    await running.until(/Socket Mode connected/);

    // Act
    const sent = slack.socketMode.sendSlashCommand({
      command: '/lookout',
      text: 'help',
      user: 'U0ALICE',
      channel: 'C0ALERTS',
    });
    const ack = await slack.socketMode.untilAcked(sent.envelope_id);
    const code = await running.stop();

    // Assess
    expect(ack.late).toBe(false);
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(String(ack.payload?.text)).toMatch(/^\*Lookout in Slack\*/);
    expect(String(ack.payload?.text)).toContain('`/lookout status');
    expect(running.stdout().match(/Socket Mode connected/g)).toHaveLength(1);
    expect(code).toBe(0);
    await slack.socketMode.until(() => slack.socketMode.openConnections === 0);
    expect(slack.socketMode.greeted).toBe(1);
  });

  it('with SLACK_APP_TOKEN but no bot token, says so in one line and opens no connection', async () => {
    // Prepare
    slack = await new FakeSlack({ tokens: [BOT_TOKEN], appTokens: [APP_TOKEN], rateLimit: false }).start();

    // Act
    const run = await runCli(['start', '--config', config, '--rounds', '1'], {
      env: env({ SLACK_APP_TOKEN: APP_TOKEN }),
    });

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter((line) => line.includes('SLACK_APP_TOKEN'))).toEqual([
      'Slack: SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not, so /lookout is not answered here (set both for Socket Mode)',
    ]);
    expect(slack.count('apps.connections.open')).toBe(0);
  });

  it('refuses a SLACK_APP_TOKEN that is not an app-level token before doing anything', async () => {
    // Prepare
    slack = await new FakeSlack({ tokens: [BOT_TOKEN], appTokens: [APP_TOKEN], rateLimit: false }).start();

    // Act
    const run = await runCli(['start', '--config', config, '--rounds', '1'], {
      env: env({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: BOT_TOKEN }),
    });

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('SLACK_APP_TOKEN: expected a Slack app-level token starting with xapp-');
    expect(slack.count('apps.connections.open')).toBe(0);
  });
});
