import { type Command, Option } from 'commander';
import { DEFAULT_DATA_DIR } from './local-store.js';
import { chosen } from './precedence.js';

/** `-d, --data <dir>` of the commands that use the local store (no default: see chosenDataDir). */
export function dataOption(): Option {
  return new Option(
    '-d, --data <dir>',
    `local data directory (default: $LOOKOUT_DATA_DIR, else ${DEFAULT_DATA_DIR})`,
  );
}

/**
 * The data directory a command runs on: `--data` when it was given on the command line (on this command
 * or, for a subcommand such as `outbox retry`, on its parent), else LOOKOUT_DATA_DIR, else `.lookout`.
 */
export function chosenDataDir(command: Command, env: NodeJS.ProcessEnv = process.env): string {
  return (
    chosen(command, { option: 'data', name: '--data' }, 'LOOKOUT_DATA_DIR', env)?.value ?? DEFAULT_DATA_DIR
  );
}
