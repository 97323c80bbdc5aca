import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../bin/cli.js';
import { openLocalStore } from '../../bin/support/local-store.js';
import { reportError } from '../../bin/support/report-error.js';
import { runCli } from '../support/cli.js';

/** `lookout <args>` in this process, as main runs it: what it printed on stderr and the exit code. */
async function lookout(args: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const program = buildProgram({ writeOut: () => {}, writeErr: (text) => err.push(text) });
  let code = 0;
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    code = reportError(error, { write: (text: string) => err.push(text) });
  }
  return { code, err: err.join('') };
}

/** What reportError says about `error`: its line and exit code. */
function reported(error: unknown): { code: number; line: string } {
  let line = '';
  const code = reportError(error, { write: (text: string) => (line += text) });
  return { code, line };
}

const noCredentials = (root: string) => ({
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_SESSION_TOKEN: '',
  AWS_PROFILE: '',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: join(root, 'no-aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(root, 'no-aws-credentials'),
});

describe('CLI: exit code 70 is for bugs only; every error is one `lookout: …` line', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'lookout-exit-codes-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('demo --interval 0 is a usage error: exit 1, the allowed range, the command’s help', async () => {
    const run = await lookout(['demo', '--interval', '0']);

    expect(run.code).toBe(1);
    expect(run.err).toBe(
      "lookout: option '--interval <seconds>' argument '0' is invalid. expected a number of seconds between 0.2 and 10\n(run `npx lookout demo --help` for usage)\n",
    );
  });

  it('a usage mistake on any command, subcommands too, says `lookout:` and exits 1', async () => {
    const unknown = await lookout(['incidents', '--bogus']);
    const retry = await lookout(['outbox', 'retry']);

    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/^lookout: unknown option '--bogus'\n\(run `npx lookout incidents --help`/);
    expect(retry.code).toBe(1);
    expect(retry.err).toMatch(/^lookout: name the failed items to retry, or pass --all\n/);
  });

  it('a second start on a directory another Lookout serves: exit 75, naming the directory', async () => {
    // Prepare: a running Lookout serves the directory
    const dir = join(root, 'busy');
    const config = join(root, 'busy.yaml');
    writeFileSync(config, "probe:\n  resolvers: ['127.0.0.1:1']\ntargets:\n  - name: busy.example.test\n");
    const running = await openLocalStore(dir, { serve: true });
    try {
      // Act
      const run = await lookout(['start', '--config', config, '--data', dir, '--rounds', '1']);

      // Assess
      expect(run.code).toBe(75);
      expect(run.err).toMatch(
        new RegExp(
          `^lookout: another Lookout is already running on data directory ${dir} \\(http://[^)]+\\); stop it or use --data\\n$`,
        ),
      );
    } finally {
      await running.close();
    }
  });

  it('network failures exit 69 and missing or refused credentials 77, naming the service, never 70', () => {
    // Offline: the name of the API does not resolve
    const offline = Object.assign(new Error('getaddrinfo ENOTFOUND route53.amazonaws.com'), {
      code: 'ENOTFOUND',
      hostname: 'route53.amazonaws.com',
    });
    expect(reported(offline)).toEqual({
      code: 69,
      line: 'lookout: cannot reach a service Lookout needs at route53.amazonaws.com: its name does not resolve: are you offline?\n',
    });
    const noCreds = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    expect(reported(noCreds).code).toBe(77);
    expect(reported(noCreds).line).toMatch(
      /^lookout: no AWS credentials for a service Lookout needs \(Could not load/,
    );
    const denied = Object.assign(new Error('The security token included in the request is expired'), {
      name: 'ExpiredToken',
      $metadata: { httpStatusCode: 403 },
    });
    expect(reported(denied)).toEqual({
      code: 77,
      line: 'lookout: a service Lookout needs refused your credentials (ExpiredToken: The security token included in the request is expired)\n',
    });
    // Control: a real bug is still 70, so the codes above are not a catch-all
    expect(reported(new TypeError("Cannot read properties of undefined (reading 'id')")).code).toBe(70);
  });

  it('replay --endpoint: a refused connection exits 69, no credentials 77, in one line each', async () => {
    // Act: as a user runs it, through main
    const [refused, noCreds] = await Promise.all([
      runCli(['replay', 'test/events/cloudtrail/race.ndjson', '--endpoint', 'http://127.0.0.1:1'], {
        env: { AWS_ACCESS_KEY_ID: 'AKIAREPLAY', AWS_SECRET_ACCESS_KEY: 'x' },
      }),
      runCli(['replay', 'test/events/cloudtrail/race.ndjson', '--endpoint', 'http://127.0.0.1:1'], {
        env: noCredentials(root),
      }),
    ]);

    // Assess
    expect(refused.code).toBe(69);
    expect(refused.stderr).toBe(
      'lookout: cannot reach the Route 53 API at http://127.0.0.1:1: connection refused\n',
    );
    expect(noCreds.code).toBe(77);
    expect(noCreds.stderr).toMatch(
      /^lookout: no AWS credentials for the Route 53 API at http:\/\/127\.0\.0\.1:1 \(.+\): set AWS_PROFILE, export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or sign in \(aws sso login\)\n$/,
    );
  });
});
