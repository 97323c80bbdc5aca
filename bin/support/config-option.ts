import { existsSync } from 'node:fs';
import { type Command, Option } from 'commander';
import type { LookoutConfig } from '../../lambda/config/config-schema.js';
import { ConfigError } from '../../lambda/config/errors.js';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '../../lambda/config/load-config.js';
import { chosen } from './precedence.js';

/** `-c, --config <file>` of every command that reads the configuration (no default: see chosenConfigFile). */
export function configOption(what = 'configuration file'): Option {
  return new Option(
    '-c, --config <file>',
    `${what} (default: $LOOKOUT_CONFIG_FILE, else ${DEFAULT_CONFIG_FILE})`,
  );
}

export interface ChosenConfigFile {
  path: string;
  /** Where the choice came from: a file named on the command line or in the environment must exist. */
  from: '--config' | 'LOOKOUT_CONFIG_FILE' | 'default';
}

/**
 * The configuration file a command reads, by the one precedence rule every command follows: `--config`
 * when it was given on the command line (on this command or a parent), else LOOKOUT_CONFIG_FILE, else
 * `lookout.config.yaml`. A command without the option (demo) passes no command.
 */
export function chosenConfigFile(
  command: Command | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ChosenConfigFile {
  const choice = chosen(command, { option: 'config', name: '--config' }, 'LOOKOUT_CONFIG_FILE', env);
  return choice
    ? { path: choice.value, from: choice.from as ChosenConfigFile['from'] }
    : { path: DEFAULT_CONFIG_FILE, from: 'default' };
}

/**
 * Reads the chosen file. A file named by LOOKOUT_CONFIG_FILE says so when it is missing (the person may
 * not remember the variable is set). With `optional`, a default file that is not there gives undefined:
 * for commands (restore) that only take settings from it, not targets.
 */
export function loadChosenConfig(chosen: ChosenConfigFile): LookoutConfig;
export function loadChosenConfig(
  chosen: ChosenConfigFile,
  options: { optional: true },
): LookoutConfig | undefined;
export function loadChosenConfig(
  chosen: ChosenConfigFile,
  options: { optional?: boolean } = {},
): LookoutConfig | undefined {
  if (!existsSync(chosen.path)) {
    if (options.optional && chosen.from === 'default') return undefined;
    if (chosen.from === 'LOOKOUT_CONFIG_FILE') {
      throw new ConfigError(
        `cannot read config file ${chosen.path} (named by LOOKOUT_CONFIG_FILE): it does not exist`,
      );
    }
  }
  return loadConfigFile(chosen.path);
}
