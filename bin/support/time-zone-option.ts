import { type Command, Option } from 'commander';
import { ConfigError } from '../../lambda/config/errors.js';
import { isTimeZone } from '../../lambda/domain/render/time.js';
import * as z from '../../lambda/shared/zod.js';
import { chosen } from './precedence.js';

/** A zone that is not an IANA name, from `--tz` or TZ: a usage error (exit 1), in one line naming its source. */
export class TimeZoneError extends ConfigError {
  override readonly name: string = 'TimeZoneError';
}

const EXPECTED = 'expected an IANA name such as Europe/Berlin or UTC';

const timeZoneSchema = z.string().check(
  z.trim(),
  z.refine(isTimeZone, {
    error: (issue) => `unknown time zone ${JSON.stringify(issue.input)}: ${EXPECTED}`,
  }),
);

/** `--tz <zone>` of every command that prints times. */
export function timeZoneOption(): Option {
  return new Option(
    '--tz <zone>',
    'show times in this IANA time zone, e.g. Europe/Berlin (default: $TZ, else UTC)',
  );
}

/**
 * The zone a command shows times in: `--tz` when given (on this command or a parent), else TZ when set,
 * else undefined (UTC). Slack messages never use it.
 */
export function chosenTimeZone(command: Command, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const choice = chosen(command, { option: 'tz', name: '--tz' }, 'TZ', env);
  if (!choice) return undefined;
  if (choice.from === '--tz') return parseZone(choice.value, '--tz');
  const zone = zoneOfTz(choice.value);
  return zone ? parseZone(zone, 'TZ', ' (or pass --tz)') : undefined;
}

/**
 * TZ as the C library reads it, so a TZ every other program accepts does not stop Lookout: a leading `:`
 * is dropped, `/usr/share/zoneinfo/Europe/Berlin` names Europe/Berlin, and another file (`:/etc/localtime`)
 * is the system's zone, as Node resolved it.
 */
function zoneOfTz(tz: string): string {
  const name = tz.replace(/^:/, '');
  const inZoneinfo = /\/zoneinfo\/(.+)$/.exec(name)?.[1];
  if (inZoneinfo) return inZoneinfo;
  return name.startsWith('/') ? new Intl.DateTimeFormat().resolvedOptions().timeZone : name;
}

function parseZone(value: string, source: string, hint = ''): string {
  const result = timeZoneSchema.safeParse(value);
  if (result.success) return result.data;
  throw new TimeZoneError(`${source}: ${result.error.issues[0]?.message ?? EXPECTED}${hint}`);
}
