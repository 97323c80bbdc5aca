import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOOKOUT_BIN, runCli, runCommand } from '../support/cli.js';

/** Runs `lookout <args> | head -<lines>` through a shell: what reaches head, and what Lookout said on stderr. */
async function throughHead(
  args: string[],
  lines: number,
): Promise<{ stdout: string; stderr: string; codes: string }> {
  const quoted = args.map((a) => `'${a}'`).join(' ');
  const script = `"${process.execPath}" "${LOOKOUT_BIN}" ${quoted} 2>"$ERR" | head -${lines}; echo "codes=\${PIPESTATUS[0]},\${PIPESTATUS[1]}" >&2; cat "$ERR" >&2`;
  const { stdout, stderr } = await runCommand('bash', ['-c', script], {
    env: { ERR: `/tmp/lookout-epipe-${process.pid}-${lines}` },
  });
  const codes = /codes=(\S+)/.exec(stderr)?.[1] ?? '';
  return { stdout, stderr: stderr.replace(/codes=\S+\n?/, ''), codes };
}

describe('CLI: Unix manners', () => {
  it('prints its version with --version and -V', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-V']) {
      const run = await runCli([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${version}\n`);
    }
  });

  it('ends quietly when the reader of its output goes away (| head)', async () => {
    const replay = await throughHead(['replay', 'test/events/cloudtrail/race.ndjson'], 1);
    expect(replay.stdout).toMatch(/^replaying 7 event\(s\)/);
    expect(replay.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(replay.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(replay.codes).toBe('0,0');
  });

  it('start: a --data or --config flag wins over LOOKOUT_DATA_DIR / LOOKOUT_CONFIG_FILE, and the banner names the directory used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lookout-precedence-'));
    const config = join(dir, 'flag.yaml');
    writeFileSync(config, "probe:\n  resolvers: ['127.0.0.1:1']\ntargets:\n  - name: flag.example.test\n");
    const run = await runCli(
      ['start', '--config', config, '--data', join(dir, 'flag-data'), '--rounds', '1'],
      {
        env: { LOOKOUT_DATA_DIR: join(dir, 'env-data'), LOOKOUT_CONFIG_FILE: join(dir, 'missing.yaml') },
      },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`data in ${join(dir, 'flag-data')}`);
    expect(run.stdout).toContain('flag.example.test A');
    expect(existsSync(join(dir, 'flag-data', 'dynamodb'))).toBe(true);
    expect(existsSync(join(dir, 'env-data'))).toBe(false);
  });
});
