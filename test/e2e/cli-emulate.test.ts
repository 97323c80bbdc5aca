import { Resolver } from 'node:dns/promises';
import { existsSync, readFileSync } from 'node:fs';
import { DescribeEventsCommand, HealthClient } from '@aws-sdk/client-health';
import { ChangeResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { WebClient } from '@slack/web-api';
import { CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildProgram } from '../../bin/cli.js';
import { runCli } from '../support/cli.js';
import { type LookoutProcess, spawnLookout } from '../support/lookout-process.js';

/** `export NAME=value` lines as printed (values are plain or single-quoted). */
function exportsOf(stdout: string): Record<string, string> {
  return Object.fromEntries(
    [...stdout.matchAll(/^ {2}export (\w+)=(.*)$/gm)].map((m) => [
      m[1] as string,
      (m[2] as string).replace(/^'(.*)'$/, '$1').replace(/'\\''/g, "'"),
    ]),
  );
}

describe('CLI: lookout emulate', () => {
  let emulate: LookoutProcess;
  let env: Record<string, string>;
  let dns: string;
  let zoneId: string;

  beforeAll(async () => {
    emulate = spawnLookout(['emulate', 'all']);
    await emulate.until(/What happens in the emulators:/);
    env = exportsOf(emulate.stdout());
    dns = /^ {2}DNS +(\S+)/m.exec(emulate.stdout())?.[1] ?? '';
    zoneId = /hosted zone example\.test (Z\w+)/.exec(emulate.stdout())?.[1] ?? '';
  });

  afterAll(async () => {
    await emulate.stop();
  });

  it('prints loopback endpoints and every variable Lookout needs, with a config that watches the emulated zone', () => {
    expect(Object.keys(env).sort()).toEqual(
      [
        'AWS_ACCESS_KEY_ID',
        'AWS_DEFAULT_REGION',
        'AWS_REGION',
        'AWS_SECRET_ACCESS_KEY',
        'LOOKOUT_CONFIG_FILE',
        'LOOKOUT_DATA_DIR',
        'LOOKOUT_ROUTE53_ENDPOINT',
        'SLACK_API_URL',
        'SLACK_APP_TOKEN',
        'SLACK_BOT_TOKEN',
        'SLACK_CHANNEL',
      ].sort(),
    );
    expect(env.LOOKOUT_ROUTE53_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env.SLACK_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    expect(dns).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(emulate.stdout()).toMatch(/^ {2}AWS Health API http:\/\/127\.0\.0\.1:\d+ .*\(active\)$/m);
    const config = readFileSync(env.LOOKOUT_CONFIG_FILE as string, 'utf8');
    expect(config).toContain(`resolvers: ['${dns}']`);
    expect(config).toContain(`- id: ${zoneId}`);
    expect(config).toContain(`channel: ${env.SLACK_CHANNEL}`);
    expect(config).toMatch(/^ {2}operators:\n {4}users: \[U0OPERATOR\]$/m);
  });

  it('lookout posture reads the emulated zone with the printed endpoint, credentials and config', async () => {
    const run = await runCli(['posture', '--endpoint', env.LOOKOUT_ROUTE53_ENDPOINT as string], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(zoneId);
    expect(run.stdout).toMatch(/Accelerated Recovery/);
  });

  it('serves the zone over DNS, and a Route 53 change shows in DNS, in the log and in the CloudTrail file', async () => {
    const resolver = new Resolver();
    resolver.setServers([dns]);
    expect((await resolver.resolve4('api.example.test')).sort()).toEqual(['192.0.2.10', '192.0.2.11']);

    const client = new Route53Client({
      endpoint: env.LOOKOUT_ROUTE53_ENDPOINT as string,
      region: 'us-east-1',
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID as string,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
      },
    });
    await client.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: [
            {
              Action: 'DELETE',
              ResourceRecordSet: {
                Name: 'api.example.test',
                Type: 'A',
                TTL: 60,
                ResourceRecords: [{ Value: '192.0.2.10' }, { Value: '192.0.2.11' }],
              },
            },
          ],
        },
      }),
    );
    client.destroy();
    await emulate.until(
      /route53: DELETE api\.example\.test\. A by arn:aws:iam::123456789012:user\/emulator-user/,
    );
    // The name's only record set is gone: NXDOMAIN, as Route 53's name servers answer.
    await expect(resolver.resolve4('api.example.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    const replayFile = /npx lookout replay (\S+) --endpoint/.exec(emulate.stdout())?.[1] ?? '';
    const cloudTrail = readFileSync(replayFile, 'utf8').trim().split('\n');
    expect(cloudTrail.map((line) => JSON.parse(line).detail.eventName)).toEqual([
      'ChangeResourceRecordSets',
      'ChangeResourceRecordSets',
    ]);
  });

  it('accepts Slack posts with the printed token and channel and shows them', async () => {
    const slack = new WebClient(env.SLACK_BOT_TOKEN, { slackApiUrl: env.SLACK_API_URL });
    const posted = await slack.chat.postMessage({
      channel: env.SLACK_CHANNEL as string,
      text: 'hello from the test',
    });
    expect(posted.ok).toBe(true);
    await emulate.until(/slack: #lookout-alerts new message: hello from the test/);
  });

  it('opens a Socket Mode connection with the printed app-level token and shows it', async () => {
    const opened = await new WebClient(env.SLACK_APP_TOKEN, {
      slackApiUrl: env.SLACK_API_URL,
    }).apps.connections.open();
    const origin = /^ {2}Slack Socket Mode (ws:\/\/127\.0\.0\.1:\d+\/link\/) /m.exec(emulate.stdout())?.[1];
    expect(origin).toBeDefined();
    expect(opened.url?.startsWith(origin as string)).toBe(true);
    const socket = new WebSocket(opened.url as string);
    const hello = await new Promise<string>((resolve) =>
      socket.once('message', (data) => resolve(String(data))),
    );
    socket.close();
    expect(JSON.parse(hello)).toMatchObject({ type: 'hello' });
    await emulate.until(/slack: Socket Mode connection 1 opened \(1 open\)/);
  });

  it('lookout start with the printed exports answers /lookout typed through the printed curl line', async () => {
    const hook = /curl -s --data-urlencode 'text=help' (\S+)/.exec(emulate.stdout())?.[1];
    expect(hook).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/socket-mode\/command$/);
    const start = spawnLookout(['start'], env);
    try {
      await start.until(/Socket Mode connected/);
      const typed = await fetch(hook as string, {
        method: 'POST',
        body: new URLSearchParams({ text: 'help' }),
      });
      const answer = (await typed.json()) as { ok: boolean; ack?: { text?: string } };
      expect(typed.status).toBe(200);
      expect(answer.ack?.text).toMatch(/^\*Lookout in Slack\*/);
      await emulate.until(/slack: Socket Mode slash_commands acked: \*Lookout in Slack\*/);

      // The printed check line: its answers come by response_url, and the emulator prints them.
      const check = /curl -s --data-urlencode '(text=check [^']+)' \S+/.exec(emulate.stdout())?.[1];
      expect(check).toBe('text=check api.example.test');
      const checked = await fetch(hook as string, {
        method: 'POST',
        body: new URLSearchParams({ text: 'check api.example.test' }),
      });
      expect(checked.status).toBe(200);
      await emulate.until(/slack: response_url ephemeral: .*api\.example\.test/);

      // The curl types as the operator the written config names: declare opens its modal.
      expect(emulate.stdout()).toMatch(/# the curl types as U0OPERATOR, an operator in the written config/);
      const declared = await fetch(hook as string, {
        method: 'POST',
        body: new URLSearchParams({ text: 'declare api is slow' }),
      });
      expect(((await declared.json()) as { ack?: { text?: string } }).ack?.text).toMatch(/^Declaring/);
      await emulate.until(/slack: modal V\w+ opened for U0OPERATOR \(views\.open\): \S/);
    } finally {
      expect(await start.stop()).toBe(0);
    }
  });

  it('stops on Ctrl-C with exit 0 and removes what it wrote', async () => {
    expect(await emulate.stop()).toBe(0);
    expect(emulate.stdout()).toMatch(/emulators stopped\n$/);
    expect(existsSync(env.LOOKOUT_CONFIG_FILE as string)).toBe(false);
  });
});

describe('CLI: lookout emulate health', () => {
  let emulate: LookoutProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    emulate = spawnLookout(['emulate', 'health']);
    await emulate.until(/What happens in the emulators:/);
    env = exportsOf(emulate.stdout());
  });

  afterAll(async () => {
    await emulate.stop();
  });

  it('prints both regional endpoints, the active region and the DNS server naming it', async () => {
    const out = emulate.stdout();
    expect(out).toMatch(
      /^ {2}AWS Health API http:\/\/127\.0\.0\.1:\d+ {2}health\.us-east-1\.amazonaws\.com \(active\)$/m,
    );
    expect(out).toMatch(
      /^ {2}AWS Health API http:\/\/127\.0\.0\.1:\d+ {2}health\.us-east-2\.amazonaws\.com \(passive\)$/m,
    );
    expect(out).toContain('the active region is us-east-1');
    expect(Object.keys(env).sort()).toEqual(
      ['AWS_ACCESS_KEY_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_SECRET_ACCESS_KEY'].sort(),
    );
    const [, host, port] = /dig @(\S+) -p (\d+) global\.health\.amazonaws\.com CNAME/.exec(out) ?? [];
    const resolver = new Resolver();
    resolver.setServers([`${host}:${port}`]);
    expect(await resolver.resolveCname('global.health.amazonaws.com')).toEqual([
      'health.us-east-1.amazonaws.com',
    ]);
    expect(out).toContain('npx lookout replay test/events/health/public-ec2-issue.json');
  });

  it('answers the real Health SDK at the printed endpoint with the seeded public event, and logs the call', async () => {
    const [, endpoint, region] =
      /aws health describe-events --endpoint-url (\S+) --region (\S+)/.exec(emulate.stdout()) ?? [];
    const client = new HealthClient({
      endpoint: endpoint as string,
      region: region as string,
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID as string,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
      },
    });
    try {
      const { events } = await client.send(new DescribeEventsCommand({}));
      expect(events?.map((e) => [e.arn, e.service, e.region, e.statusCode, e.eventScopeCode])).toEqual([
        [
          'arn:aws:health:us-east-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE',
          'EC2',
          'us-east-1',
          'open',
          'PUBLIC',
        ],
      ]);
    } finally {
      client.destroy();
    }
    await emulate.until(/health: DescribeEvents at us-east-1 → 200/);
  });
});

describe('CLI: lookout emulate, bad input', () => {
  it('refuses an unknown emulator in one line naming the choices (exit 1)', async () => {
    let err = '';
    const program = buildProgram({ writeErr: (text) => (err += text), writeOut: () => {} });
    const error = await program
      .parseAsync(['node', 'lookout', 'emulate', 'kinesis'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommanderError);
    expect((error as CommanderError).exitCode).toBe(1);
    expect(err.split('\n')[0]).toBe(
      "lookout: command-argument value 'kinesis' is invalid for argument 'emulator'. Allowed choices are route53, slack, dns, health, all.",
    );
  });
});
