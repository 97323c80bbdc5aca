import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postureCommand } from '../../bin/commands/posture.js';
import { chosenConfigFile, configOption } from '../../bin/support/config-option.js';
import { openLocalStore } from '../../bin/support/local-store.js';
import { runCli } from '../support/cli.js';
import { runCommand } from '../support/command-io.js';

/** The config file a command with `-c, --config` (and a subcommand) would read for `args`. */
function chosenFor(args: string[], env: NodeJS.ProcessEnv) {
  let chosen: ReturnType<typeof chosenConfigFile> | undefined;
  const program = new Command('lookout').addOption(configOption()).exitOverride();
  program
    .command('sub')
    .addOption(configOption())
    .action((_opts, command: Command) => {
      chosen = chosenConfigFile(command, env);
    });
  program.parse(args, { from: 'user' });
  return chosen;
}

describe('CLI: one precedence rule for the config file and the data directory', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'lookout-precedence-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('chosenConfigFile: --config (here or on the parent), then LOOKOUT_CONFIG_FILE, then lookout.config.yaml', () => {
    const env = { LOOKOUT_CONFIG_FILE: 'env.yaml' };

    expect(chosenFor(['sub', '--config', 'flag.yaml'], env)).toEqual({ path: 'flag.yaml', from: '--config' });
    expect(chosenFor(['--config', 'parent.yaml', 'sub'], env)).toEqual({
      path: 'parent.yaml',
      from: '--config',
    });
    expect(chosenFor(['sub'], env)).toEqual({ path: 'env.yaml', from: 'LOOKOUT_CONFIG_FILE' });
    expect(chosenFor(['sub'], { LOOKOUT_CONFIG_FILE: '  ' })).toEqual({
      path: 'lookout.config.yaml',
      from: 'default',
    });
  });

  it('posture reads LOOKOUT_CONFIG_FILE, and --config wins over it', async () => {
    // Prepare: two configs without hosted zones, so posture stops at naming the file it read
    const fromEnv = join(root, 'env.yaml');
    const fromFlag = join(root, 'flag.yaml');
    for (const file of [fromEnv, fromFlag]) writeFileSync(file, 'targets:\n  - name: example.com\n');
    const posture = (args: string[]) =>
      runCommand((io) => postureCommand({ ...io, env: { LOOKOUT_CONFIG_FILE: fromEnv } }), args);

    // Act
    const byEnv = await posture([]);
    const byFlag = await posture(['--config', fromFlag]);

    // Assess
    expect(byEnv.exitCode).toBe(1);
    expect(byEnv.err).toBe(
      `lookout: no hosted zones to check: list them under route53.zones in ${fromEnv} or pass --zone`,
    );
    expect(byFlag.err).toBe(
      `lookout: no hosted zones to check: list them under route53.zones in ${fromFlag} or pass --zone`,
    );
  });

  it('replay writes into the store LOOKOUT_DATA_DIR names, and refuses one that does not exist', async () => {
    // Prepare: a Lookout store with nothing in it yet
    const store = join(root, 'replay-store');
    await (await openLocalStore(store, { create: true })).close();
    const replay = (dataDir: string) =>
      runCli(['replay', 'test/events/cloudtrail/race.ndjson'], {
        env: { LOOKOUT_DATA_DIR: dataDir },
      });

    // Act
    const [into, missing] = await Promise.all([replay(store), replay(join(root, 'typo'))]);

    // Assess: the race opens one incident (its 7th event is invalid on purpose: exit 1, named)
    expect(into.stderr).toBe('');
    expect(into.stdout).toContain('1 incident(s)');
    const local = await openLocalStore(store);
    try {
      const incidents = await local.store.incidents.list(10);
      expect(incidents.map((i) => i.targetId)).toEqual(['dynamodb.us-east-1.amazonaws.com/A']);
    } finally {
      await local.close();
    }
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(new RegExp(`^lookout: no Lookout data in ${join(root, 'typo')} `));
  });
});
