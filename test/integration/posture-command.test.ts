import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postureCommand } from '../../bin/commands/posture.js';
import { FakeRoute53 } from '../../emulators/route53/index.js';
import { route53Client } from '../../emulators/route53/sdk-helpers.js';
import { runCommand } from '../support/command-io.js';

const MISSING = 'Z0MISSING0000000000000';

describe('Command: lookout posture', () => {
  const route53 = new FakeRoute53({ dns: false });
  let endpoint: string;
  let ready: string;
  let exposed: string;
  let internal: string;
  let dir: string;
  let config: string;

  function run(args: string[]) {
    return runCommand(
      (io) =>
        postureCommand({
          ...io,
          route53Client: (url) => route53Client(url ?? 'http://127.0.0.1:9'),
          env: {},
        }),
      args,
    );
  }

  beforeAll(async () => {
    ({ endpoint } = await route53.start());
    ready = await route53.createZone({
      name: 'ready.test',
      tier: 'ADVANCED',
      acceleratedRecovery: 'ENABLED',
    });
    exposed = await route53.createZone({
      name: 'exposed.test',
      tier: 'STANDARD',
      acceleratedRecovery: 'DISABLED',
    });
    internal = await route53.createZone({ name: 'internal.test', tier: 'ADVANCED', privateZone: true });
    dir = await mkdtemp(join(tmpdir(), 'lookout-posture-'));
    config = join(dir, 'lookout.config.yaml');
    await writeFile(
      config,
      [
        'targets:',
        '  - name: dynamodb.us-east-1.amazonaws.com',
        'route53:',
        '  zones:',
        `    - id: ${ready}`,
        `    - id: /hostedzone/${exposed}`,
        `    - id: ${MISSING}`,
        '  requestsPerSecond: 10',
        '  burst: 20',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await route53.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints each configured zone’s findings and exits 4 when any zone needs attention', async () => {
    // Prepare
    const before = route53.requestLog.length;

    // Act
    const result = await run(['--config', config, '--endpoint', endpoint]);

    // Assess
    expect(result.thrown).toBeUndefined();
    expect(result.exitCode).toBe(4);
    expect(result.err).toBe('');
    const out = result.out;
    expect(out).toContain('Route 53 posture of 3 hosted zone(s)');
    expect(out).toContain(`ready.test  ${ready} (public)`);
    expect(out).toMatch(/ok\s+Accelerated Recovery\s+Accelerated Recovery is on/);
    expect(out).toMatch(/ok\s+Change History\s+Change History is on \(ADVANCED tier\)/);
    expect(out).toContain(`exposed.test  ${exposed} (public)`);
    expect(out).toMatch(
      /WARN\s+Accelerated Recovery\s+Accelerated Recovery is off: restore will be impossible while us-east-1 is impaired: enable Accelerated Recovery \(it must be on before an outage\)/,
    );
    expect(out).toMatch(/WARN\s+Change History\s+Change History is off \(STANDARD tier/);
    expect(out).toMatch(new RegExp(`WARN\\s+configuration\\s+hosted zone ${MISSING} does not exist`));
    expect(out.match(/NoSuchHostedZone/g)).toHaveLength(1);
    expect(out).toContain('2 of 3 zone(s) need attention (exit 4)');
    // The missing zone is asked about once; Change History is not asked about it at all.
    const missingCalls = route53.requestLog.slice(before).filter((e) => e.errorCode === 'NoSuchHostedZone');
    expect(missingCalls.map((e) => e.operation)).toEqual(['GetHostedZone']);
  });

  it('prints JSON with the same verdicts', async () => {
    // Act
    const result = await run(['--config', config, '--endpoint', endpoint, '--json']);

    // Assess
    expect(result.exitCode).toBe(4);
    const report = JSON.parse(result.out);
    expect(report.level).toBe('warn');
    expect(report.exitCode).toBe(4);
    expect(report.zones).toMatchObject([
      {
        zoneId: ready,
        name: 'ready.test',
        acceleratedRecoveryStatus: 'ENABLED',
        changeHistory: 'available',
        findings: [
          { level: 'ok', feature: 'accelerated-recovery' },
          { level: 'ok', feature: 'change-history' },
        ],
      },
      {
        zoneId: exposed,
        acceleratedRecoveryStatus: 'DISABLED',
        changeHistory: 'unavailable',
        findings: [
          { level: 'warn', feature: 'accelerated-recovery' },
          { level: 'warn', feature: 'change-history' },
        ],
      },
      { zoneId: MISSING, findings: [], problem: { code: 'NoSuchHostedZone' } },
    ]);
  });

  it('exits 0 when every zone is ok, notes included (a private zone), with --zone instead of the config', async () => {
    // Act
    const result = await run(['--zone', ready, '--zone', `/hostedzone/${internal}`, '--endpoint', endpoint]);

    // Assess
    expect(result.exitCode).toBe(0);
    expect(result.out).toMatch(
      /info\s+Accelerated Recovery\s+private zone: Accelerated Recovery applies to public zones only/,
    );
    expect(result.out).toContain(`internal.test  ${internal} (private)`);
    expect(result.out).toContain('All 2 zone(s) ready (exit 0)');
  });

  it('reports a zone it may not read as a problem and still checks the others', async () => {
    // Prepare
    route53.failNext({
      operation: 'GetHostedZone',
      error: {
        status: 403,
        code: 'AccessDenied',
        message: 'not authorized to perform route53:GetHostedZone',
      },
    });

    // Act
    const result = await run(['--zone', ready, '--endpoint', endpoint, '--zone', exposed, '--json']);

    // Assess
    const report = JSON.parse(result.out);
    expect(result.exitCode).toBe(4);
    const problems = report.zones.filter((z: { problem?: unknown }) => z.problem);
    expect(problems).toHaveLength(1);
    expect(problems[0].problem.code).toBe('AccessDenied');
    expect(problems[0].problem.message).toMatch(/allow route53:GetHostedZone/);
    expect(report.zones.filter((z: { findings: unknown[] }) => z.findings.length === 2)).toHaveLength(1);
  });

  it.each([
    [['--zone', 'not-a-zone'], /invalid --zone "not-a-zone"/],
    [['--zone', 'Z1', '--endpoint', 'ftp://x'], /invalid --endpoint "ftp:\/\/x"/],
    [['--config', '/nonexistent/lookout.yaml'], /cannot read config file \/nonexistent\/lookout.yaml/],
  ])('exits 1 on a usage error: %j', async (args, message) => {
    const result = await run(args);

    expect(result.exitCode).toBe(1);
    expect(result.err).toMatch(message);
    expect(result.out).toBe('');
  });

  it('exits 1 when the config lists no hosted zones', async () => {
    // Prepare
    const bare = join(dir, 'no-route53.yaml');
    await writeFile(bare, 'targets:\n  - name: example.com\n');

    // Act
    const result = await run(['--config', bare]);

    // Assess
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain(
      `no hosted zones to check: list them under route53.zones in ${bare} or pass --zone`,
    );
  });

  it('documents the exit codes in --help', async () => {
    const result = await run(['--help']);

    expect(result.out).toMatch(/Exit codes: 0 every zone ok.*1 usage or configuration error/s);
    expect(result.out).toMatch(/4 at least one warning/);
  });
});
