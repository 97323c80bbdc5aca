/**
 * How a person reads times and durations: one format in Slack, logs and the terminal.
 *
 * A time is always shown with the zone its clock is in: `UTC`, or the offset from UTC
 * (`2026-12-02 03:38:04 UTC+01:00`). Offsets rather than abbreviations, because abbreviations are
 * ambiguous (CST, IST), missing for many zones (Asia/Tokyo has none in Intl's English data) and differ
 * between ICU versions, while the offset always says which clock is meant, DST included.
 */

/** `s`: to the second (everywhere); `ms`: to the millisecond (for events within one second). */
export type TimePrecision = 's' | 'ms';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The formatter for an IANA zone, built once per zone; undefined when Intl does not know the zone. */
function formatterFor(zone: string): Intl.DateTimeFormat | undefined {
  const known = formatters.get(zone);
  if (known) return known;
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
  } catch {
    return undefined;
  }
  formatters.set(zone, formatter);
  return formatter;
}

/** Whether `zone` is a time zone name Intl knows (an IANA name such as `Europe/Berlin`, or `UTC`). */
export function isTimeZone(zone: string): boolean {
  return zone !== '' && formatterFor(zone) !== undefined;
}

/**
 * `2026-12-02 02:38:04 UTC`, or in another zone `2026-12-02 03:38:04 UTC+01:00`. Slack messages use the
 * default (UTC): their readers are in many zones. An unknown zone throws: zones are checked where they
 * enter (the CLI), so one arriving here unchecked is a bug, not something to paper over.
 * @example formatTime('2026-12-02T02:38:04Z', 'Asia/Kolkata') // '2026-12-02 08:08:04 UTC+05:30'
 */
export function formatTime(iso: string, zone?: string, precision: TimePrecision = 's'): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso || 'no time recorded';
  const fraction = precision === 'ms' ? `.${String(((ms % 1000) + 1000) % 1000).padStart(3, '0')}` : '';
  if (zone === undefined)
    return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}${fraction} UTC`;
  const formatter = zone === '' ? undefined : formatterFor(zone);
  if (!formatter) throw new RangeError(`unknown time zone "${zone}"`);
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of formatter.formatToParts(ms)) part[p.type] = p.value;
  // longOffset reads `GMT+05:30`, and `GMT` or `GMT+00:00` at offset zero: that clock shows UTC.
  const offset = (part.timeZoneName ?? 'GMT').replace(/^GMT/, '').replace(/^[+-]00:00$/, '');
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}${fraction} UTC${offset}`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'an unknown time';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
