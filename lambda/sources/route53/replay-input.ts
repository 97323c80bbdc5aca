import { gunzipSync } from 'node:zlib';
import {
  CHANGE_EVENT_NAME,
  CLOUDTRAIL_DETAIL_TYPE,
  ROUTE53_EVENT_SOURCE,
  ROUTE53_EVENTBRIDGE_SOURCE,
} from './cloudtrail-schema.js';
import { InvalidReplayInputError } from './errors.js';

const MiB = 1024 * 1024;

/** How much `lookout replay` reads: the file as stored (compressed or not), and its text once decompressed. */
export interface ReplayLimits {
  fileBytes: number;
  textBytes: number;
}

/**
 * The documented limits (README, `lookout replay --help`). A CloudTrail log file is a few MiB; a gzip'd
 * input that expands past `textBytes` is refused while it is being decompressed, so a small gzip bomb
 * cannot fill memory.
 */
export const REPLAY_LIMITS: ReplayLimits = { fileBytes: 32 * MiB, textBytes: 128 * MiB };

/** `32 MiB`, `1.5 MiB`, `64 KiB`, `900 bytes`. */
export function formatBytes(n: number): string {
  if (n >= MiB) return n % MiB === 0 ? `${n / MiB} MiB` : `${(n / MiB).toFixed(1)} MiB`;
  return n >= 1024 && n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`;
}

export type ReplayFormat = 'eventbridge' | 'eventbridge-array' | 'ndjson' | 'cloudtrail-log';

/** An entry left out of a replay because it is about another service or API call. */
export interface SkippedEntry {
  /** `record 2`, `line 4`, `item 0`: where the entry was in the input. */
  at: string;
  eventSource?: string;
  eventName?: string;
  reason: string;
}

export interface ReplayInput {
  /** EventBridge-shaped events, in input order; bare CloudTrail records are wrapped (see `wrapRecord`). */
  events: unknown[];
  format: ReplayFormat;
  /** Entries that are not Route 53 `ChangeResourceRecordSets` calls, reported rather than parsed. */
  skipped: SkippedEntry[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isEnvelope(value: Record<string, unknown>): boolean {
  return 'detail-type' in value || 'detail' in value;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Wraps a bare CloudTrail record (from a log file) in the EventBridge envelope CloudTrail would have
 * delivered it in, so one parser reads both. `source` follows the EventBridge convention
 * (`route53.amazonaws.com` → `aws.route53`); `id` is the record's `eventID`.
 */
export function wrapRecord(record: Record<string, unknown>): Record<string, unknown> {
  const identity = isObject(record.userIdentity) ? record.userIdentity : {};
  const eventSource = str(record.eventSource);
  return {
    version: '0',
    id: record.eventID,
    'detail-type': CLOUDTRAIL_DETAIL_TYPE,
    source: eventSource ? `aws.${eventSource.replace(/\.amazonaws\.com$/, '')}` : undefined,
    account: record.recipientAccountId ?? identity.accountId,
    time: record.eventTime,
    region: record.awsRegion,
    resources: [],
    detail: record,
  };
}

const HEALTH_EVENTBRIDGE_SOURCE = 'aws.health';

/** Why an event is not a Route 53 `ChangeResourceRecordSets` call, or undefined when it may be one. */
function skipReason(event: Record<string, unknown>, at: string): SkippedEntry | undefined {
  const detail = isObject(event.detail) ? event.detail : event;
  const eventSource = str(detail.eventSource);
  const eventName = str(detail.eventName);
  const source = isEnvelope(event) ? str(event.source) : undefined;
  // AWS Health deliveries replay too, through the Health handler's code (`lookout replay` routes them).
  if (source === HEALTH_EVENTBRIDGE_SOURCE) return undefined;
  const otherSource =
    (eventSource !== undefined && eventSource !== ROUTE53_EVENT_SOURCE) ||
    (source !== undefined && source !== ROUTE53_EVENTBRIDGE_SOURCE);
  const otherCall = eventName !== undefined && eventName !== CHANGE_EVENT_NAME;
  if (!otherSource && !otherCall) return undefined;
  return {
    at,
    ...(eventSource ? { eventSource } : {}),
    ...(eventName ? { eventName } : {}),
    reason: otherSource
      ? `${eventSource ?? source} is not Route 53`
      : `${eventName} is not ${CHANGE_EVENT_NAME}`,
  };
}

/** Whether a value has the shape of an EventBridge event or a CloudTrail record at all. */
function looksLikeEvent(value: unknown): boolean {
  return (
    isObject(value) &&
    (isEnvelope(value) || 'eventSource' in value || 'eventName' in value || 'eventID' in value)
  );
}

function collect(entries: { value: unknown; at: string }[], format: ReplayFormat): ReplayInput {
  // A file none of whose entries is an event (a config file, a package.json) is the wrong file: one line.
  if (entries.length > 0 && !entries.some((e) => looksLikeEvent(e.value))) {
    throw new InvalidReplayInputError(
      `no CloudTrail event in the input (${entries.length === 1 ? 'it is not' : 'none of its entries is'} an EventBridge event or a CloudTrail record: no detail-type, detail, eventSource or eventName)`,
    );
  }
  const events: unknown[] = [];
  const skipped: SkippedEntry[] = [];
  for (const { value, at } of entries) {
    if (!isObject(value)) {
      events.push(value);
      continue;
    }
    const skip = skipReason(value, at);
    if (skip) skipped.push(skip);
    else events.push(isEnvelope(value) ? value : wrapRecord(value));
  }
  return { events, format, skipped };
}

/** The 1-based line of a JSON.parse error in `text` (parsed after `offset` leading characters). */
function lineOfPosition(text: string, offset: number, error: unknown): number | undefined {
  const m = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!m) return undefined;
  return text.slice(0, offset + Number(m[1])).split('\n').length;
}

function parseNdjson(text: string): ReplayInput {
  const entries: { value: unknown; at: string }[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new InvalidReplayInputError(`line ${i + 1}: not valid JSON (${why})`, i + 1, { cause });
    }
    if (!isObject(value)) {
      throw new InvalidReplayInputError(
        `line ${i + 1}: expected one JSON object per line, got ${Array.isArray(value) ? 'an array' : typeof value}`,
        i + 1,
      );
    }
    entries.push({ value, at: `line ${i + 1}` });
  });
  return collect(entries, 'ndjson');
}

/**
 * Reads a replay file into events for `parseCloudTrailChange`: one EventBridge event (a JSON object),
 * a JSON array of them, one JSON object per line (NDJSON), or a CloudTrail log file
 * (`{"Records":[...]}`, also gzip'd as S3 holds it when given as a Buffer). Bare CloudTrail records are
 * wrapped in an EventBridge envelope; entries about other services or calls are listed in `skipped`.
 *
 * @throws InvalidReplayInputError naming the line for text that is not JSON in one of these shapes, for
 *   input with no event in it, for gzip that is cut short or not gzip, for bytes that are not UTF-8, and
 *   for text (after decompressing) over `limits.textBytes`.
 * @example
 * const { events, format } = readReplayInput(readFileSync('race.ndjson', 'utf8'));
 * const changes = events.flatMap((e) => parseCloudTrailChange(e));
 */
export function readReplayInput(
  input: string | Uint8Array,
  limits: Pick<ReplayLimits, 'textBytes'> = REPLAY_LIMITS,
): ReplayInput {
  const text = (
    typeof input === 'string' ? checkedText(input, limits.textBytes) : decode(input, limits)
  ).replace(/^\uFEFF/, '');
  const trimmed = text.trim();
  if (trimmed === '') throw new InvalidReplayInputError('replay input is empty');
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) {
    throw new InvalidReplayInputError(
      'line 1: expected JSON (an event, an array of events, NDJSON or a CloudTrail log file)',
      1,
    );
  }

  let whole: unknown;
  let wholeError: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch (error) {
    wholeError = error;
  }

  if (wholeError === undefined) {
    if (Array.isArray(whole)) {
      return collect(
        whole.map((value, i) => ({ value, at: `item ${i}` })),
        'eventbridge-array',
      );
    }
    if (isObject(whole) && 'Records' in whole) {
      if (!Array.isArray(whole.Records)) {
        throw new InvalidReplayInputError('Records: expected an array of CloudTrail records');
      }
      return collect(
        whole.Records.map((value, i) => ({ value, at: `record ${i}` })),
        'cloudtrail-log',
      );
    }
    return collect([{ value: whole, at: 'event' }], 'eventbridge');
  }

  // Not one JSON document: NDJSON if the first line is a complete object, else report the JSON error.
  const firstLine = trimmed.split('\n')[0]?.trim() ?? '';
  let firstIsJson = false;
  try {
    JSON.parse(firstLine);
    firstIsJson = true;
  } catch {
    firstIsJson = false;
  }
  if (firstIsJson) return parseNdjson(text);
  const line = lineOfPosition(text, text.length - text.trimStart().length, wholeError);
  const why = wholeError instanceof Error ? wholeError.message : String(wholeError);
  throw new InvalidReplayInputError(`${line ? `line ${line}: ` : ''}not valid JSON (${why})`, line, {
    cause: wholeError,
  });
}

function checkedText(text: string, textBytes: number): string {
  if (Buffer.byteLength(text) > textBytes) {
    throw new InvalidReplayInputError(`replay input is over the ${formatBytes(textBytes)} limit`);
  }
  return text;
}

/** Gunzips (when gzip'd, stopping past the limit) and decodes UTF-8, refusing anything else. */
function decode(input: Uint8Array, limits: Pick<ReplayLimits, 'textBytes'>): string {
  let bytes = input;
  if (input[0] === 0x1f && input[1] === 0x8b) {
    try {
      bytes = gunzipSync(input, { maxOutputLength: limits.textBytes });
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') {
        throw new InvalidReplayInputError(
          `gzip input expands to more than the ${formatBytes(limits.textBytes)} limit; decompressed replay input must stay under it`,
          undefined,
          { cause },
        );
      }
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new InvalidReplayInputError(
        code === 'Z_BUF_ERROR'
          ? `gzip input is cut short (${why}); was the download or copy complete?`
          : `not valid gzip (${why})`,
        undefined,
        { cause },
      );
    }
  } else if (input.byteLength > limits.textBytes) {
    throw new InvalidReplayInputError(`replay input is over the ${formatBytes(limits.textBytes)} limit`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new InvalidReplayInputError('not UTF-8 text (a binary file?); expected JSON events', undefined, {
      cause,
    });
  }
}
