import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../lambda/domain/incident.js';
import { formatEntryLine, formatIncidentSummary } from '../../../lambda/domain/render/text.js';
import { formatTime, isTimeZone } from '../../../lambda/domain/render/time.js';
import { incidentFixture } from '../../support/incidents.js';

describe('Function: formatTime', () => {
  it('shows UTC, to the second and with the zone named, when no zone is given', () => {
    expect(formatTime('2026-12-02T02:38:04.987Z')).toBe('2026-12-02 02:38:04 UTC');
  });

  it('shows the wall-clock time of the zone, named by its offset from UTC', () => {
    expect(formatTime('2026-12-02T02:38:04Z', 'Europe/Berlin')).toBe('2026-12-02 03:38:04 UTC+01:00');
    expect(formatTime('2026-12-02T02:38:04Z', 'America/New_York')).toBe('2026-12-01 21:38:04 UTC-05:00');
  });

  it('names zones that have no common abbreviation (half- and quarter-hour offsets too)', () => {
    expect(formatTime('2026-12-02T02:38:04Z', 'Asia/Tokyo')).toBe('2026-12-02 11:38:04 UTC+09:00');
    expect(formatTime('2026-12-02T02:38:04Z', 'Asia/Kolkata')).toBe('2026-12-02 08:08:04 UTC+05:30');
    expect(formatTime('2026-12-02T02:38:04Z', 'Asia/Kathmandu')).toBe('2026-12-02 08:23:04 UTC+05:45');
    expect(formatTime('2026-12-02T02:38:04Z', 'Etc/GMT+5')).toBe('2026-12-01 21:38:04 UTC-05:00');
  });

  it('follows daylight saving time: the offset changes with the clock, on both sides of the switch', () => {
    // Europe switched to summer time at 2026-03-29 01:00 UTC: 01:59:59 CET is followed by 03:00:00 CEST.
    expect(formatTime('2026-03-29T00:59:59Z', 'Europe/Berlin')).toBe('2026-03-29 01:59:59 UTC+01:00');
    expect(formatTime('2026-03-29T01:00:00Z', 'Europe/Berlin')).toBe('2026-03-29 03:00:00 UTC+02:00');
    // Back at 2026-10-25 01:00 UTC: the hour 02:xx happens twice, and only the offset tells them apart.
    expect(formatTime('2026-10-25T00:30:00Z', 'Europe/Berlin')).toBe('2026-10-25 02:30:00 UTC+02:00');
    expect(formatTime('2026-10-25T01:30:00Z', 'Europe/Berlin')).toBe('2026-10-25 02:30:00 UTC+01:00');
    // Southern hemisphere: Sydney is on summer time in December.
    expect(formatTime('2026-12-02T02:38:04Z', 'Australia/Sydney')).toBe('2026-12-02 13:38:04 UTC+11:00');
    expect(formatTime('2026-07-02T02:38:04Z', 'Australia/Sydney')).toBe('2026-07-02 12:38:04 UTC+10:00');
  });

  it('says UTC whenever the clock shows UTC, whatever the zone is called', () => {
    expect(formatTime('2026-12-02T02:38:04Z', 'Etc/UTC')).toBe('2026-12-02 02:38:04 UTC');
    expect(formatTime('2026-12-02T02:38:04Z', 'Europe/London')).toBe('2026-12-02 02:38:04 UTC');
    expect(formatTime('2026-07-02T02:38:04Z', 'Europe/London')).toBe('2026-07-02 03:38:04 UTC+01:00');
  });

  it('keeps midnight as 00, not 24', () => {
    expect(formatTime('2026-12-01T23:00:00Z', 'Europe/Berlin')).toBe('2026-12-02 00:00:00 UTC+01:00');
  });

  it('shows milliseconds only when asked, in any zone', () => {
    expect(formatTime('2026-12-02T02:38:04.007Z', undefined, 'ms')).toBe('2026-12-02 02:38:04.007 UTC');
    expect(formatTime('2026-12-02T02:38:04.560Z', 'Asia/Kolkata', 'ms')).toBe(
      '2026-12-02 08:08:04.560 UTC+05:30',
    );
  });

  it('refuses an unknown zone instead of silently showing another one', () => {
    expect(() => formatTime('2026-12-02T02:38:04Z', 'Mars/Olympus_Mons')).toThrow(
      'unknown time zone "Mars/Olympus_Mons"',
    );
    expect(() => formatTime('2026-12-02T02:38:04Z', '')).toThrow('unknown time zone ""');
  });
});

describe('Function: isTimeZone', () => {
  it('accepts IANA names and refuses anything else', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone('CET-1CEST,M3.5.0,M10.5.0/3')).toBe(false);
  });
});

describe('Interface: TextOptions.timeZone', () => {
  const entry: TimelineEntry = {
    incidentId: 'inc-1',
    entryId: 'e-1',
    at: '2025-10-20T06:48:00.000Z',
    kind: 'NOTE',
    source: 'cli:alice',
    text: 'looking',
  };

  it('shows every time of a timeline line and an incident summary in the chosen zone', () => {
    // Prepare
    const incident = incidentFixture({
      status: 'resolved',
      resolvedBy: 'alice',
      resolvedAt: '2025-10-20T07:00:00.000Z',
    });
    // Act
    const line = formatEntryLine(entry, undefined, { timeZone: 'America/Los_Angeles' });
    const summary = formatIncidentSummary(incident, new Date('2025-10-20T08:00:00Z'), [], {
      timeZone: 'America/Los_Angeles',
    });
    // Assess
    expect(line.startsWith('2025-10-19 23:48:00 UTC-07:00  NOTE')).toBe(true);
    expect(summary).toContain(`since ${formatTime(incident.openedAt, 'America/Los_Angeles')}`);
    expect(summary).toContain('resolved by alice at 2025-10-20 00:00:00 UTC-07:00');
    expect(summary).not.toMatch(/\d\d:\d\d:\d\d UTC(?![-+])/);
  });
});
