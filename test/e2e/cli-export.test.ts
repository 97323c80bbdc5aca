import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/**
 * `lookout export` on an incident `lookout replay` made in a data directory: the October race from
 * CloudTrail and AWS's DynamoDB post, acknowledged from the CLI. Run as a user would (child process).
 */

const root = mkdtempSync(join(tmpdir(), 'lookout-export-'));
const data = join(root, 'data');
let id: string;

beforeAll(async () => {
  // One round of `start` creates the data directory (replay writes only into an existing one).
  const startConfig = join(root, 'start.config.yaml');
  writeFileSync(
    startConfig,
    "probe:\n  intervalSeconds: 0.2\n  timeoutMs: 300\n  resolvers: ['127.0.0.1:1']\ntargets:\n  - name: api.lookout.test\n    mode: exact\n",
  );
  expect((await runCli(['start', '--config', startConfig, '--data', data, '--rounds', '1'])).code).toBe(0);

  const race = readFileSync(new URL('../events/cloudtrail/race.ndjson', import.meta.url), 'utf8').trimEnd();
  const health = JSON.stringify(
    JSON.parse(
      readFileSync(
        new URL('../events/health/dynamodb-2025-10-20.reconstruction.json', import.meta.url),
        'utf8',
      ),
    ),
  );
  const events = join(root, 'october.ndjson');
  writeFileSync(events, `${race}\n${health}\n`);
  const config = join(root, 'lookout.config.yaml');
  writeFileSync(config, 'targets: [{ name: dynamodb.us-east-1.amazonaws.com }]\n');
  const replay = await runCli(['replay', events, '--data', data, '--config', config]);
  expect(replay.stdout).toMatch(/^1 incident\(s\)$/m);

  const listed = await runCli(['incidents', '--data', data, '--json']);
  const incidents = JSON.parse(listed.stdout) as { id: string; targetId: string }[];
  const found = incidents.find((i) => i.targetId === 'dynamodb.us-east-1.amazonaws.com/A');
  expect(found).toBeDefined();
  id = found?.id ?? '';
  expect((await runCli(['ack', id, '--data', data, '--by', 'cli:alice'])).code).toBe(0);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('CLI: lookout export (child process)', () => {
  it('prints the incident as Markdown: summary, impact, timeline with Route 53 and Health, who did what, links', async () => {
    // Act
    const run = await runCli(['export', id, '--data', data]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const md = run.stdout;
    const headings = [...md.matchAll(/^#{1,2} (.*)$/gm)].map((m) => m[1]);
    expect(headings[0]).toMatch(new RegExp(`^Incident ${id}: `));
    expect(headings.slice(1)).toEqual(['Summary', 'Impact window', 'Timeline', 'Who did what', 'Links']);
    expect(md).toContain('- **Target:** dynamodb.us-east-1.amazonaws.com/A');
    // The impact starts when AWS says DynamoDB's trouble began (before the deletion's CloudTrail time),
    // not with the racing writers of 06:47:40: they are a warning, not an impairment
    expect(md).toContain(
      '- **Start:** 2025-10-20 06:48:00 UTC (first evidence of HEALTH_EVENT, from aws-health)',
    );
    // The deletion with its writer, AWS's post with its status, the ack by its person
    expect(md).toMatch(
      /^ {2}- Route 53 DELETE A dynamodb\.us-east-1\.amazonaws\.com by enactor-1 \(dns-enactor\)/m,
    );
    expect(md).toMatch(/^ {2}- AWS Health: DynamoDB us-east-1 status \w+/m);
    expect(md).toMatch(/^- \*\*cli:alice:\*\* Acknowledged at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/m);
    expect(md).toMatch(
      /^- \[AWS Health: DynamoDB us-east-1.*\]\(<https:\/\/health\.aws\.amazon\.com\/health\/home#/m,
    );
    // Opened by CloudTrail and never posted to Slack: no alert time was recorded, so no latency is claimed
    expect(md).not.toContain('Detection latency');
    // Nothing recorded a runbook step
    expect(md).not.toContain('Runbook steps done');
  });

  it('writes --out whole and says so; the file is the same Markdown', async () => {
    const out = join(root, 'postmortem.md');
    const run = await runCli(['export', id, '--data', data, '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${id} exported to ${out}\n`);
    const printed = await runCli(['export', id, '--data', data]);
    expect(readFileSync(out, 'utf8')).toBe(printed.stdout);
  });

  it('an unknown incident is one line and exit 1', async () => {
    const run = await runCli(['export', 'inc-nope', '--data', data]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('lookout: no incident inc-nope; `lookout incidents` lists their ids\n');
    expect(run.stdout).toBe('');
  });

  it('an --out that cannot be written is one line and exit 1, leaving nothing behind', async () => {
    const dir = join(root, 'no-such-dir');
    const run = await runCli(['export', id, '--data', data, '--out', join(dir, 'x.md')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^lookout: cannot write .*x\.md: ENOENT\n/);
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(root).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});
