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
});
