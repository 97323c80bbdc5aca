import type { Command } from 'commander';

/** Where a setting's value came from, so a message about it can name the source a person set. */
export interface Chosen<T = string> {
  value: T;
  from: `--${string}` | string;
}

/**
 * The one precedence rule every command follows: a flag given on the command line (on this command or
 * a parent, e.g. `outbox retry` under `outbox`) wins, then the environment variable, then the default.
 * Blank environment values count as unset. Each setting's reader (config file, data directory, time
 * zone, Route 53 endpoint, Slack channel) is built on this, so no command reads them in its own order.
 */
export function chosen(
  command: Command | undefined,
  flag: { option: string; name: `--${string}` } | undefined,
  envVar: string | undefined,
  env: NodeJS.ProcessEnv,
): Chosen | undefined {
  if (flag) {
    for (let c: Command | null | undefined = command; c; c = c.parent) {
      if (c.getOptionValueSource(flag.option) === 'cli') {
        return { value: String(c.getOptionValue(flag.option)), from: flag.name };
      }
    }
  }
  const fromEnv = envVar ? env[envVar]?.trim() : undefined;
  return fromEnv ? { value: fromEnv, from: envVar as string } : undefined;
}
