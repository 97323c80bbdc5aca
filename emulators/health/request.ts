import { errors, validation } from './errors.js';

/** A decoded request body member; members are checked as the handler reads them. */
export type Json = Record<string, unknown>;

export interface TimeRange {
  from?: Date;
  to?: Date;
}

export function parseBody(body: string): Json {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw errors.serialization('Start of structure or map found where not expected.');
  }
  if (!isObject(parsed)) throw errors.serialization('Start of structure or map expected.');
  return parsed;
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function structure(value: unknown, member: string, required = false): Json | undefined {
  if (value === undefined || value === null) {
    if (required) throw validation(member, 'null', 'Member must not be null');
    return undefined;
  }
  if (!isObject(value)) throw errors.serialization(`Expected a structure at '${member}'.`);
  return value;
}

/** A list member with the model's length bounds; `undefined` when absent and not required. */
export function list(
  value: unknown,
  member: string,
  min: number,
  max: number,
  required = false,
): unknown[] | undefined {
  if (value === undefined || value === null) {
    if (required) throw validation(member, 'null', 'Member must not be null');
    return undefined;
  }
  if (!Array.isArray(value)) throw errors.serialization(`Expected a list at '${member}'.`);
  if (value.length < min)
    throw validation(member, value, `Member must have length greater than or equal to ${min}`);
  if (value.length > max)
    throw validation(member, value, `Member must have length less than or equal to ${max}`);
  return value;
}

export function strings(
  value: unknown,
  member: string,
  min: number,
  max: number,
  required = false,
): string[] | undefined {
  const items = list(value, member, min, max, required);
  if (!items) return undefined;
  return items.map((item, index) => text(item, `${member}.${index + 1}.member`, true) as string);
}

export function text(value: unknown, member: string, required = false): string | undefined {
  if (value === undefined || value === null) {
    if (required) throw validation(member, 'null', 'Member must not be null');
    return undefined;
  }
  if (typeof value !== 'string') throw errors.serialization(`Expected a string at '${member}'.`);
  return value;
}

/** `maxResults` within the operation's modelled range (absent: the range's maximum is served). */
export function maxResults(value: unknown, min: number, max: number): number {
  if (value === undefined || value === null) return max;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw errors.serialization("Expected an integer at 'maxResults'.");
  if (value < min)
    throw validation('maxResults', value, `Member must have value greater than or equal to ${min}`);
  if (value > max)
    throw validation('maxResults', value, `Member must have value less than or equal to ${max}`);
  return value;
}

/** `nextToken`: the model's pattern `[a-zA-Z0-9=/+_.-]{4,10000}`. */
export function nextToken(value: unknown): string | undefined {
  const token = text(value, 'nextToken');
  if (token === undefined) return undefined;
  if (!/^[a-zA-Z0-9=/+_.-]{4,10000}$/.test(token)) {
    throw validation(
      'nextToken',
      token,
      'Member must satisfy regular expression pattern: [a-zA-Z0-9=/+_.-]{4,10000}',
    );
  }
  return token;
}

/** `locale`: 2–256 characters by the model; English is the only language served. */
export function checkLocale(value: unknown): void {
  const locale = text(value, 'locale');
  if (locale === undefined) return;
  if (locale.length < 2)
    throw validation('locale', locale, 'Member must have length greater than or equal to 2');
  if (locale.length > 256)
    throw validation('locale', locale, 'Member must have length less than or equal to 256');
  if (!/^en([-_][A-Za-z]{2})?$/.test(locale)) throw errors.unsupportedLocale(locale);
}

export function timeRange(value: unknown, member: string): TimeRange | undefined {
  const range = structure(value, member);
  if (!range) return undefined;
  const out: TimeRange = {};
  const from = epoch(range.from, `${member}.from`);
  const to = epoch(range.to, `${member}.to`);
  if (from) out.from = from;
  if (to) out.to = to;
  return out;
}

export function timeRanges(value: unknown, member: string): TimeRange[] | undefined {
  return list(value, member, 1, 10)?.map(
    (item, index) => timeRange(item, `${member}.${index + 1}.member`) ?? {},
  );
}

export function inRanges(time: Date | undefined, ranges: readonly TimeRange[] | undefined): boolean {
  if (!ranges) return true;
  if (!time) return false;
  return ranges.some(
    (range) =>
      (!range.from || time.getTime() >= range.from.getTime()) &&
      (!range.to || time.getTime() <= range.to.getTime()),
  );
}

/** AWS JSON timestamps are epoch seconds (a number, fractions allowed). */
function epoch(value: unknown, member: string): Date | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw errors.serialization(`Expected epoch seconds at '${member}'.`);
  return new Date(value * 1000);
}
