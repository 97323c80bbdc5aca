import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'lookout-replay-health-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('lookout replay: AWS Health events in the same file as CloudTrail events', () => {
  it("tells AWS's post in the incident of the watched name it concerns, once", async () => {
    // Prepare: the October race from CloudTrail, then AWS's post — twice (redelivery), as NDJSON.
    const health = JSON.stringify(
      JSON.parse(
        readFileSync(
          new URL('../events/health/dynamodb-2025-10-20.reconstruction.json', import.meta.url),
          'utf8',
        ),
      ),
    );
    const race = readFileSync(new URL('../events/cloudtrail/race.ndjson', import.meta.url), 'utf8').trimEnd();
    const file = join(root, 'mixed.ndjson');
    writeFileSync(file, `${race}\n${health}\n${health}\n`);
    const config = join(root, 'lookout.config.yaml');
    writeFileSync(config, 'targets: [{ name: dynamodb.us-east-1.amazonaws.com }]\n');

    // Act
    const run = await runCli(['replay', file, '--config', config]);

    // Assess: one incident for the name; AWS's post is one entry in it, with how far behind it came
    const healthLines = run.stdout.split('\n').filter((l) => l.includes('AWS Health:'));
    expect(run.stdout).toMatch(/^1 incident\(s\)$/m);
    expect(run.stdout).toMatch(/\[OPEN\] \w+ dynamodb\.us-east-1\.amazonaws\.com\/A/);
    // Printed once as replayed and once in the incident's timeline; the redelivery adds nothing.
    expect(healthLines).toHaveLength(2);
    expect(healthLines[0]).toMatch(/after Lookout's first/);
  });

  it('says where a scheduled change went: the digest for the channel, then nothing new on redelivery', async () => {
    // Prepare: AWS's documented scheduled change, delivered twice; the config names the channel.
    const change = readFileSync(
      new URL('../events/health/scheduled-change-ec2-reboot.json', import.meta.url),
      'utf8',
    );
    const file = join(root, 'scheduled.ndjson');
    const one = JSON.stringify(JSON.parse(change));
    writeFileSync(file, `${one}\n${one}\n`);
    const config = join(root, 'digest.config.yaml');
    writeFileSync(config, 'targets: [{ name: api.example.test }]\nslack: { channel: "#ops" }\n');

    // Act
    const run = await runCli(['replay', file, '--config', config]);

    // Assess: each delivery is accounted for; no incident, and the output says why.
    const typeCode = (JSON.parse(change) as { detail: { eventTypeCode: string } }).detail.eventTypeCode;
    expect(run.stdout).toContain(
      `event 1: AWS Health scheduledChange ${typeCode} (EC2, us-east-1) → the digest for #ops`,
    );
    expect(run.stdout).toContain(
      `event 2: AWS Health scheduledChange ${typeCode} (EC2, us-east-1) → nothing new: the digest for #ops already says this`,
    );
    expect(run.stdout).toMatch(/^0 incident\(s\)$/m);
  });

  it('says a digest event is kept nowhere when no channel is configured', async () => {
    const file = join(root, 'scheduled-nochannel.json');
    writeFileSync(
      file,
      readFileSync(new URL('../events/health/scheduled-change-ec2-reboot.json', import.meta.url), 'utf8'),
    );

    const config = join(root, 'no-slack.config.yaml');
    writeFileSync(config, 'targets: [{ name: api.example.test }]\n');

    const run = await runCli(['replay', file, '--config', config]);

    expect(run.stdout).toMatch(
      /^event 1: AWS Health scheduledChange \S+ \(EC2, us-east-1\) → no digest: no Slack channel configured \(slack\.channel\)/m,
    );
  });

  it('names the incident a Health issue was told in', async () => {
    const file = join(root, 'issue.json');
    writeFileSync(
      file,
      readFileSync(new URL('../events/health/public-ec2-issue.json', import.meta.url), 'utf8'),
    );

    const config = join(root, 'unrelated.config.yaml');
    writeFileSync(config, 'targets: [{ name: api.example.test }]\n');

    const run = await runCli(['replay', file, '--config', config]);

    expect(run.stdout).toMatch(
      /^event 1: AWS Health issue \S+ \(EC2, [a-z0-9-]+\) → 1 timeline entry in \S+\/HEALTH$/m,
    );
  });
});
