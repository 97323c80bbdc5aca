const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * `Wed, 15 Feb 2023 22:07:07 GMT`. The weekday is optional and not checked: AWS's own samples pair
 * `Thu` with 27 Jan 2023, a Friday, and the date is what matters.
 */
const RFC_1123 =
  /^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*(GMT|UTC|UT|Z|[+-]\d{2}:?\d{2})$/i;
/** `2023-02-15T22:07:07Z`, `2023-02-15T22:07:07.123+00:00`, also with a space for the `T`. */
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** Minutes east of UTC for `GMT`, `Z`, `+0100`, `-05:30`, `+02`. */
function offsetMinutes(zone: string): number {
  const upper = zone.toUpperCase();
  if (upper === 'GMT' || upper === 'UTC' || upper === 'UT' || upper === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const mins = Number(digits.slice(2) || '0');
  if (hours > 14 || mins > 59) return Number.NaN;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + mins);
}

function instant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
  zone: string,
): string | undefined {
  if (month < 0 || month > 11 || hour > 23 || minute > 59 || second > 59) return undefined;
  const check = new Date(0);
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999.
  check.setUTCFullYear(year, month, day);
  check.setUTCHours(hour, minute, second, millis);
  // 30 Feb rolls over into March; a date that rolled is not a date.
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month) return undefined;
  const utc = check.getTime() - offsetMinutes(zone) * 60_000;
  return Number.isFinite(utc) ? new Date(utc).toISOString() : undefined;
}

/**
 * Reads a date of an AWS Health event into ISO 8601 UTC: RFC 1123 as in AWS's EventBridge samples or
 * ISO 8601. `undefined` for anything else, or for a date that does not exist (30 Feb).
 *
 * @example
 * parseHealthTime('Wed, 15 Feb 2023 22:07:07 GMT'); // '2023-02-15T22:07:07.000Z'
 * parseHealthTime('2023-02-15T23:07:07+01:00');     // '2023-02-15T22:07:07.000Z'
 */
export function parseHealthTime(text: string): string | undefined {
  const trimmed = text.trim();
  const rfc = RFC_1123.exec(trimmed);
  if (rfc) {
    const [, day, mon, year, hour, minute, second, zone] = rfc as unknown as string[];
    const month = MONTHS.indexOf((mon as string).toLowerCase());
    return instant(
      Number(year),
      month,
      Number(day),
      Number(hour),
      Number(minute),
      Number(second ?? 0),
      0,
      zone as string,
    );
  }
  const iso = ISO_8601.exec(trimmed);
  if (iso) {
    const [, year, month, day, hour, minute, second, fraction, zone] = iso as unknown as string[];
    const millis = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
    return instant(
      Number(year),
      Number(month) - 1,
      Number(day),
      Number(hour),
      Number(minute),
      Number(second ?? 0),
      millis,
      zone as string,
    );
  }
  return undefined;
}
