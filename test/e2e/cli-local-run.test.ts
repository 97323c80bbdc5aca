import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoDnsServer } from '../../emulators/dns/dns-server.js';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { runCli } from '../support/cli.js';

const NAME = 'api.lookout.test';

describe('CLI: lookout start / incidents / ack / resolve (child processes)', () => {
  let dns: DemoDnsServer;
  let dir: string;
  let configFile: string;

  beforeAll(async () => {
    dns = new DemoDnsServer({ zones: [{ origin: 'lookout.test', negativeTtl: 30 }] });
    const address = await dns.start();
    dns.setRecords(NAME, 'A', ['192.0.2.10', '192.0.2.11'], 60);
    dns.setRecords(NAME, 'TXT', ['keeps the name alive'], 60);
    dir = mkdtempSync(join(tmpdir(), 'lookout-cli-'));
    configFile = join(dir, 'lookout.config.yaml');
    writeFileSync(
      configFile,
      [
        'probe:',
        '  intervalSeconds: 0.2',
        // Generous: no test here is about timeouts, and a busy machine must not turn answers into them.
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
  afterAll(async () => dns.stop());

  it('keeps history across restarts and turns an emptied record into an incident', async () => {
    const data = join(dir, 'data');
    const first = await runCli(['start', '--config', configFile, '--data', data, '--rounds', '2']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`${NAME}/A  answering: 192.0.2.10, 192.0.2.11 (TTL 60 s)`);
    expect(first.stdout).toContain('Slack: off');
    expect(first.stderr).not.toContain('NodeVersionSupportWarning');

    dns.deleteRecords(NAME, 'A');
    // A new process: the baseline learned by the first one must come from disk for EMPTY to fire.
    const second = await runCli(['start', '--config', configFile, '--data', data, '--rounds', '3']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/empty: NODATA from 1 of 1 answering resolvers \(negative TTL 30 s\)/);
    expect(second.stdout).toMatch(
      /OPENED\s+api\.lookout\.test A is EMPTY: the name exists but has no records \(NODATA\)/,
    );

    const listed = await runCli(['incidents', '--data', data, '--json']);
    expect(listed.code).toBe(0);
    const incidents = JSON.parse(listed.stdout) as { id: string; status: string; kind: string }[];
    expect(incidents).toHaveLength(1);
    const id = incidents[0]?.id as string;
    expect(incidents[0]?.kind).toBe('EMPTY');

    const ack = await runCli(['ack', id, '--data', data, '--by', 'cli:alice']);
    expect(ack.stdout).toContain(`${id} acknowledged by cli:alice`);
    const again = await runCli(['ack', id, '--data', data]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('only an open incident can be acknowledged');

    const resolved = await runCli([
      'resolve',
      id,
      'restored',
      'the',
      'records',
      '--data',
      data,
      '--by',
      'cli:alice',
    ]);
    expect(resolved.code).toBe(0);
    const shown = await runCli(['show', id, '--data', data, '--json']);
    const { incident, timeline } = JSON.parse(shown.stdout) as {
      incident: { status: string; resolutionNote: string };
      timeline: { kind: string }[];
    };
    expect(incident.status).toBe('resolved');
    expect(incident.resolutionNote).toBe('restored the records');
    expect(timeline.map((e) => e.kind)).toEqual(['OPENED', 'ACKNOWLEDGED', 'RESOLVED']);
  });

  it('posts the incident to Slack as a root message with its runbook when a token is set', async () => {
    const slack = await new FakeSlack({ channels: ['C0ALERTS'], rateLimit: false }).start();
    try {
      const other = 'db.lookout.test';
      dns.setRecords(other, 'A', ['192.0.2.20'], 60);
      dns.setRecords(other, 'TXT', ['keeps the name alive'], 60);
      const file = join(dir, 'slack.yaml');
      writeFileSync(
        file,
        `probe:\n  intervalSeconds: 0.2\n  timeoutMs: 5000\n  resolvers: ['${dns.address}']\ntargets:\n  - name: ${other}\n`,
      );
      const env = { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_CHANNEL: 'C0ALERTS', SLACK_API_URL: slack.url };
      const data = join(dir, 'slack-data');
      await runCli(['start', '--config', file, '--data', data, '--rounds', '1'], { env });
      dns.deleteRecords(other, 'A');
      const run = await runCli(['start', '--config', file, '--data', data, '--rounds', '2'], { env });
      expect(run.stdout).toContain('Slack: posting to C0ALERTS');
      const roots = slack.roots('C0ALERTS');
      expect(roots).toHaveLength(1);
      const blocks = JSON.stringify(roots[0]?.blocks);
      expect(blocks).toContain('NODATA');
      expect(blocks).toContain(`npx lookout check ${other} --type A`);
    } finally {
      await slack.stop();
    }
  });

  it('stops on a malformed config with the file, the field and what is expected', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'probe:\n  intervalSeconds: fast\ntargets:\n  - name: ok.example\n    type: MX\n');
    const run = await runCli(['start', '--config', bad, '--data', join(dir, 'bad-data'), '--rounds', '1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${bad}: probe.intervalSeconds:`);
    expect(run.stderr).toContain(`${bad}: targets.0.type:`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('explains usage errors and unknown incidents in one line, with exit code 1', async () => {
    const unknown = await runCli(['show', 'inc-nope', '--data', join(dir, 'data')]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('incident inc-nope not found');
    const usage = await runCli(['start', '--rounds', 'zero']);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('expected a positive whole number');
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['start', 'check', 'incidents', 'show', 'ack', 'resolve', 'demo'])
      expect(help.stdout).toContain(command);
  });
});
