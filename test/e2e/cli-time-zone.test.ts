import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/** Every date-and-time a person reads, with whatever follows it (the zone, if any). */
function timesIn(text: string): string[] {
  const time = /\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?(?: UTC(?:[+-]\d\d:\d\d)?)?/g;
  return [...text.matchAll(time)].map((m) => m[0]);
}

describe('CLI: --tz and TZ (child process)', () => {
  // The race fixture is from 2025-10-20, 06:44–06:48 UTC: EDT (UTC-04:00) in New York, UTC+09:00 in Tokyo.
  it('shows times in TZ when set, and --tz wins over TZ; every time names its zone', async () => {
    // Act
    const [byEnv, byFlag] = await Promise.all([
      runCli(['replay', 'test/events/cloudtrail/race.ndjson'], { env: { TZ: 'Asia/Tokyo' } }),
      runCli(['replay', 'test/events/cloudtrail/race.ndjson', '--tz', 'America/New_York'], {
        env: { TZ: 'Asia/Tokyo' },
      }),
    ]);
    // Assess
    for (const run of [byEnv, byFlag]) {
      expect(run.stderr).not.toMatch(/^lookout: /m);
      const times = timesIn(run.stdout);
      expect(times.length).toBeGreaterThan(5);
      // Never a bare or ISO time: each one names its zone (stored sentences keep the UTC they were written in).
      for (const time of times) expect(time).toMatch(/ UTC([+-]\d\d:\d\d)?$/);
    }
    expect(byEnv.stdout).toMatch(/^2025-10-20 15:4\d:\d\d UTC\+09:00 {2}.+ {2}UPSERT /m);
    expect(byEnv.stdout).toMatch(/^ {2}since 2025-10-20 15:4\d:\d\d UTC\+09:00 /m);
    expect(byFlag.stdout).toMatch(/^2025-10-20 02:4\d:\d\d UTC-04:00 {2}.+ {2}UPSERT /m);
    expect(byFlag.stdout).toMatch(/^ {2}since 2025-10-20 02:4\d:\d\d UTC-04:00 /m);
    expect(byFlag.stdout).not.toContain('UTC+09:00');
  });

  it('refuses an unknown zone, from --tz or TZ, in one line naming where it came from (exit 1)', async () => {
    const [flag, env] = await Promise.all([
      runCli(['replay', 'test/events/cloudtrail/race.ndjson', '--tz', 'Mars/Olympus_Mons']),
      runCli(['incidents', '--data', 'no-such-dir'], { env: { TZ: 'Moon/Tranquility' } }),
    ]);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toBe(
      'lookout: --tz: unknown time zone "Mars/Olympus_Mons": expected an IANA name such as Europe/Berlin or UTC\n',
    );
    expect(flag.stdout).toBe('');
    expect(env.code).toBe(1);
    expect(env.stderr).toBe(
      'lookout: TZ: unknown time zone "Moon/Tranquility": expected an IANA name such as Europe/Berlin or UTC (or pass --tz)\n',
    );
  });
});
