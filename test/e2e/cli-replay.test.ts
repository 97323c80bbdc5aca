import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe('CLI: lookout replay (child process)', () => {
  it('replays the October race from NDJSON: writers, race signature, EMPTY, and the invalid event named', async () => {
    const run = await runCli(['replay', 'test/events/cloudtrail/race.ndjson']);
    expect(run.stdout).toContain('replaying 7 event(s)');
    expect(run.stdout).toMatch(/enactor-3 \(dns-enactor\)\s+UPSERT dynamodb\.us-east-1\.amazonaws\.com A/);
    expect(run.stdout).toMatch(
      /OPENED\s+2 writers changed dynamodb\.us-east-1\.amazonaws\.com A within 600 s: dns-enactor\/enactor-1, dns-enactor\/enactor-3/,
    );
    expect(run.stdout).toMatch(/STALE_OVERWRITE\s+enactor-3 \(dns-enactor\) wrote back version 1/);
    expect(run.stdout).toMatch(
      /EMPTY\s+dynamodb\.us-east-1\.amazonaws\.com A has no record set after enactor-1/,
    );
    expect(run.stdout).toContain('re-snapshot skipped');
    expect(run.stdout).toMatch(
      /event 7: not replayed: invalid CloudTrail event .*: detail\.requestParameters\.changeBatch\.changes\.0\.action/,
    );
    expect(run.stdout).toContain('1 incident(s)');
    // The headline says what CloudTrail showed, dated by the deletion; no resolver was asked.
    expect(run.stdout).toMatch(/\[OPEN\] EMPTY dynamodb\.us-east-1\.amazonaws\.com\/A/);
    expect(run.stdout).toContain(
      'Route 53 change C0RACE0000000006 (by enactor-1 (dns-enactor)) deleted the A record set of dynamodb.us-east-1.amazonaws.com; not yet confirmed by a resolver.',
    );
    expect(run.stdout).toContain('since 2025-10-20 06:48:05 UTC');
    expect(run.stdout).not.toMatch(/NOERROR|resolvers answer/);
    expect(run.code).toBe(1);
  });

  it('replays a CloudTrail log file and skips records of other services, exit 0', async () => {
    const run = await runCli(['replay', 'test/events/cloudtrail/cloudtrail-log-file.json']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(cloudtrail-log)');
    expect(run.stdout).toMatch(/skipped record \d/);
  });

  it('explains a file that is not events, and a missing file, in one line', async () => {
    const missing = await runCli(['replay', 'no-such-file.json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no-such-file.json');
    const run = await runCli(['replay', 'README.md']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^lookout: /m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
