import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DemoDnsServer } from '../../emulators/dns/dns-server.js';
import { runCli } from '../support/cli.js';
import { type LookoutProcess, spawnLookout } from '../support/lookout-process.js';
import { genericHeaders } from '../support/triggers.js';

const ZONE = 'triggers.test';
const SECRET = 'local-generic-secret';

describe('CLI: lookout start --triggers-port serves the trigger endpoint on 127.0.0.1 (child process)', {
  timeout: 120_000,
}, () => {
  let dns: DemoDnsServer;
  let dir: string;
  let config: string;
  let running: LookoutProcess | undefined;

  beforeAll(async () => {
    dns = new DemoDnsServer({ zones: [ZONE] });
    await dns.start();
    dns.setRecords(`www.${ZONE}`, 'A', ['192.0.2.41'], 60);
    dir = mkdtempSync(join(tmpdir(), 'lookout-local-triggers-'));
    config = join(dir, 'lookout.config.yaml');
    writeFileSync(
      config,
      `probe:\n  intervalSeconds: 0.5\n  timeoutMs: 500\n  resolvers: ['${dns.address}']\ntargets:\n  - name: www.${ZONE}\n`,
    );
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  afterAll(async () => dns.stop());

  async function listening(process: LookoutProcess): Promise<string> {
    const pattern = /Triggers: listening on (http:\/\/127\.0\.0\.1:\d+)/;
    await process.until(pattern);
    return pattern.exec(process.stdout())?.[1] as string;
  }

  it('applies a signed generic trigger (the incident is in `lookout incidents`) and refuses an unsigned one with 401', async () => {
    // Prepare
    const data = join(dir, 'data-signed');
    const env = { LOOKOUT_DATA_DIR: data, SLACK_CHANNEL: 'C0ALERTS', LOOKOUT_TRIGGER_SECRET: SECRET };
    running = spawnLookout(['start', '--config', config, '--triggers-port', '0'], env);
    const url = await listening(running);
    const body = JSON.stringify({
      name: 'checkout-api',
      summary: 'checkout is failing',
      severity: 'critical',
    });

    // Act
    const signed = await fetch(`${url}/trigger`, {
      method: 'POST',
      headers: genericHeaders(SECRET, body, new Date()),
      body,
    });
    const unsigned = await fetch(`${url}/trigger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const listed = await runCli(['incidents'], { env: { LOOKOUT_DATA_DIR: data } });

    // Assess
    expect(signed.status).toBe(200);
    expect(await signed.json()).toMatchObject({ ok: true, results: [{ outcome: 'opened' }] });
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^X-Lookout-/),
    });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('checkout-api');
    expect(running.stdout().match(/Triggers: listening on/g)).toHaveLength(1);
    expect(await running.stop()).toBe(0);
  });

  it('listens on nothing unless asked, and says when no trigger secret is set', async () => {
    // Act
    const off = await runCli(['start', '--config', config, '--rounds', '1'], {
      env: { LOOKOUT_DATA_DIR: join(dir, 'data-off') },
    });
    running = spawnLookout(['start', '--config', config], {
      LOOKOUT_DATA_DIR: join(dir, 'data-env'),
      LOOKOUT_TRIGGERS_PORT: '0',
      LOOKOUT_TRIGGER_SECRET: '',
      LOOKOUT_PAGERDUTY_SECRETS: '',
      LOOKOUT_ALERTMANAGER_TOKEN: '',
    });
    await listening(running);

    // Assess
    expect(off.code).toBe(0);
    expect(off.stdout).not.toContain('Triggers:');
    expect(running.stdout()).toMatch(/Triggers: listening on .*; no secret set, so every request is refused/);
  });
});
