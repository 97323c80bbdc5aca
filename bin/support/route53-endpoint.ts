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
  if (choice && !isHttpUrl(choice.value)) {
    throw new ConfigError(`invalid ${choice.from} "${choice.value}": expected http(s)://host[:port]`);
  }
  return choice;
}

/** What the SDK can send to: http(s), a host, a port that exists (the URL parser refuses 99999). */
function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && !/\s/.test(value)
    );
  } catch {
    return false;
  }
}
