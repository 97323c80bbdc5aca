import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { chosenTimeZone, TimeZoneError, timeZoneOption } from '../../../bin/support/time-zone-option.js';
import { isTimeZone } from '../../../lambda/domain/render/time.js';

/** The zone `lookout show x <args>` would use with `env`. */
function zoneFor(args: string[], env: NodeJS.ProcessEnv): string | undefined {
  let zone: string | undefined;
  const show = new Command('show')
    .argument('<id>')
    .addOption(timeZoneOption())
    .action((_id: string, _opts: unknown, command: Command) => {
      zone = chosenTimeZone(command, env);
    });
  new Command('lookout')
    .exitOverride()
    .addCommand(show)
    .parse(['show', 'x', ...args], { from: 'user' });
  return zone;
}

describe('Function: chosenTimeZone', () => {
  it('takes --tz over TZ, TZ over the default, and UTC (undefined) when neither is set', () => {
    expect(zoneFor(['--tz', 'Asia/Tokyo'], { TZ: 'Europe/Berlin' })).toBe('Asia/Tokyo');
    expect(zoneFor([], { TZ: 'Europe/Berlin' })).toBe('Europe/Berlin');
    expect(zoneFor([], {})).toBeUndefined();
    expect(zoneFor([], { TZ: '  ' })).toBeUndefined();
  });

  it('reads TZ as the C library does: a leading colon, a zoneinfo path, or the system zone file', () => {
    expect(zoneFor([], { TZ: ':Europe/Berlin' })).toBe('Europe/Berlin');
    expect(zoneFor([], { TZ: '/usr/share/zoneinfo/Asia/Kolkata' })).toBe('Asia/Kolkata');
    const system = zoneFor([], { TZ: ':/etc/localtime' });
    expect(system && isTimeZone(system)).toBe(true);
  });

  it('refuses an unknown zone in one line naming where it came from, even when TZ is fine', () => {
    expect(() => zoneFor(['--tz', 'Europe/Berln'], { TZ: 'UTC' })).toThrow(TimeZoneError);
    expect(() => zoneFor(['--tz', 'Europe/Berln'], {})).toThrow(
      '--tz: unknown time zone "Europe/Berln": expected an IANA name such as Europe/Berlin or UTC',
    );
    expect(() => zoneFor([], { TZ: 'CET-1CEST,M3.5.0,M10.5.0/3' })).toThrow(
      'TZ: unknown time zone "CET-1CEST,M3.5.0,M10.5.0/3": expected an IANA name such as Europe/Berlin or UTC (or pass --tz)',
    );
  });
});
