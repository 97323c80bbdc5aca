import type { Command } from 'commander';
import { ConfigError } from '../../lambda/config/errors.js';
import { type Chosen, chosen } from './precedence.js';

/**
 * The Route 53 API a command talks to: `--endpoint` (commands that take it), else
 * LOOKOUT_ROUTE53_ENDPOINT (what `lookout emulate` prints), else AWS. One reader, so `start`, `replay`,
 * `restore` and `posture` agree on where Route 53 is.
 */
export function chosenRoute53Endpoint(
  command: Command | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Chosen | undefined {
  const choice = chosen(command, { option: 'endpoint', name: '--endpoint' }, 'LOOKOUT_ROUTE53_ENDPOINT', env);
  if (choice && !/^https?:\/\/\S+$/.test(choice.value)) {
    throw new ConfigError(`invalid ${choice.from} "${choice.value}": expected http(s)://host[:port]`);
  }
  return choice;
}
