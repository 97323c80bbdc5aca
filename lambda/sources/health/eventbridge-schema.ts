import * as z from '../../shared/zod.js';

/**
 * Zod schema for AWS Health events as EventBridge delivers them ("Reference: AWS Health events Amazon
 * EventBridge schema", AWS Health User Guide): the envelope (`source: aws.health`) and its `detail`.
 *
 * Strict only where Lookout's conclusions depend on it: the source and detail-type, and the fields that
 * name the event (eventArn, service, eventTypeCode, eventTypeCategory, statusCode). Categories, services,
 * scope and status codes are text, not enums, so a value AWS adds later is carried, not rejected. Dates
 * are text here too: `parseHealthEvent` reads them (RFC 1123 in AWS's samples, ISO 8601) and keeps one it
 * cannot read in the metadata instead of refusing the event. Objects are loose: AWS adds fields.
 */

export const HEALTH_EVENTBRIDGE_SOURCE = 'aws.health';
export const HEALTH_DETAIL_TYPE = 'AWS Health Event';
/** Abuse reports (DoS, copyright, …) from AWS Trust & Safety: routed as security-relevant. */
export const HEALTH_ABUSE_DETAIL_TYPE = 'AWS Health Abuse Event';

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** `expected a string, got a number`; `…, got nothing` when the field is missing. */
function expected(what: string) {
  return (issue: { input?: unknown }) => `expected ${what}, got ${kindOf(issue.input)}`;
}

/** `"aws.route53"` for text (at most 60 characters of it: it comes from the input), else its kind. */
export function got(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return kindOf(value);
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

/**
 * Deepest nesting accepted in `eventMetadata`. AWS's values are flat strings; anything much deeper is
 * not metadata, and left in it would break whatever walks it recursively (JSON.stringify, logging).
 */
export const MAX_METADATA_DEPTH = 16;

/** True when `value` nests no deeper than `max` levels; walked with a stack, so any depth is safe to ask. */
export function nestsAtMost(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [node, depth] = next;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return false;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return true;
}

const text = z.string({ error: expected('a string') });
const nonEmpty = z
  .string({ error: expected('a non-empty string') })
  .check(z.minLength(1, 'expected a non-empty string'));

/** `"1"` in AWS's JSON; a number is read too. Checked as a whole number ≥ 1 by the parser. */
const pageNumber = z.union([z.string(), z.number()], { error: expected('a page number as text, e.g. "1"') });

/** `true` in AWS's JSON; `"true"`/`"false"` as text are read too (rule patterns write them both ways). */
const flag = z.union([z.boolean(), z.enum(['true', 'false'])], { error: expected('true or false') });

/**
 * AWS's samples spell the entity fields more than one way (`status` and `statusCode`, `lastUpdatedTime`
 * and `lastupdatedTime`): each is renamed to the first spelling before the check. When both spellings
 * are present the first spelling wins.
 */
const ENTITY_KEY_ALIASES: Record<string, string> = {
  statuscode: 'status',
  status: 'status',
  lastupdatedtime: 'lastUpdatedTime',
  entityvalue: 'entityValue',
};

export function normaliseEntityKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const entries = Object.entries(value);
  const kept = entries.filter(([key]) => (ENTITY_KEY_ALIASES[key.toLowerCase()] ?? key) === key);
  const present = new Set(kept.filter(([, v]) => v !== undefined).map(([key]) => key));
  const renamed = entries.flatMap(([key, v]): [string, unknown][] => {
    const canonical = ENTITY_KEY_ALIASES[key.toLowerCase()];
    if (canonical === undefined || canonical === key || present.has(canonical)) return [];
    present.add(canonical);
    return [[canonical, v]];
  });
  // fromEntries, not assignment: a `__proto__` key from the input stays a plain key.
  return Object.fromEntries([...kept, ...renamed]);
}

export const affectedEntitySchema = z.pipe(
  z.transform(normaliseEntityKeys),
  z.looseObject(
    {
      entityValue: nonEmpty,
      /** IMPAIRED | UNIMPAIRED | UNKNOWN | PENDING | RESOLVED, or other text. */
      status: z.optional(text),
      lastUpdatedTime: z.optional(text),
    },
    { error: expected('an object with entityValue') },
  ),
);

export const eventDescriptionSchema = z.looseObject(
  {
    /** `en_US` in AWS's samples. */
    language: z.optional(text),
    latestDescription: text,
  },
  { error: expected('an object with latestDescription') },
);

export const healthDetailSchema = z.looseObject(
  {
    /** `arn:aws:health:us-east-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/…`: not unique to an account. */
    eventArn: nonEmpty,
    service: nonEmpty,
    eventTypeCode: nonEmpty,
    /** issue | accountNotification | scheduledChange | investigation, or other text. */
    eventTypeCategory: nonEmpty,
    /** PUBLIC | ACCOUNT_SPECIFIC | NONE, or other text. */
    eventScopeCode: z.optional(text),
    /** Shared by an event's backup copy and its pages: ends in `-<page>`. */
    communicationId: z.optional(text),
    /** open | closed | upcoming, or other text. */
    statusCode: nonEmpty,
    startTime: z.optional(text),
    /** Often absent: the event has not ended. */
    endTime: z.optional(text),
    lastUpdatedTime: z.optional(text),
    /** The impacted region, or `global`; the envelope `region` is only where it was delivered. */
    eventRegion: z.optional(nonEmpty),
    eventDescription: z.optional(z.array(eventDescriptionSchema, { error: expected('an array') })),
    /** Free-form key/value pairs; values are strings in AWS's samples, other JSON is kept as text. */
    eventMetadata: z.optional(
      z.record(z.string(), z.unknown(), { error: expected('an object') }).check(
        z.refine((metadata) => nestsAtMost(metadata, MAX_METADATA_DEPTH), {
          message: `expected values nested at most ${MAX_METADATA_DEPTH} levels deep`,
        }),
      ),
    ),
    affectedEntities: z.optional(z.array(affectedEntitySchema, { error: expected('an array') })),
    affectedAccount: z.optional(text),
    page: z.optional(pageNumber),
    totalPages: z.optional(pageNumber),
    /** True on the copy AWS sends to the backup region (us-west-2; us-east-1 for us-west-2). */
    backupEvent: z.optional(flag),
  },
  { error: expected('an object') },
);

export const healthEventSchema = z.looseObject(
  {
    version: z.optional(text),
    source: z.literal(HEALTH_EVENTBRIDGE_SOURCE, {
      error: (issue) => `expected ${HEALTH_EVENTBRIDGE_SOURCE}, got ${got(issue.input)}`,
    }),
    id: nonEmpty,
    'detail-type': z.enum([HEALTH_DETAIL_TYPE, HEALTH_ABUSE_DETAIL_TYPE], {
      error: (issue) =>
        `expected "${HEALTH_DETAIL_TYPE}" or "${HEALTH_ABUSE_DETAIL_TYPE}", got ${got(issue.input)}`,
    }),
    /** The account the event was sent to; in the organization view not the affected one. */
    account: nonEmpty,
    /** When EventBridge received it (`yyyy-mm-ddThh:mm:ssZ`); not read by Lookout. */
    time: z.optional(text),
    /** Where it was delivered (`global` for abuse events), not the impacted region. */
    region: nonEmpty,
    resources: z.optional(z.array(text, { error: expected('an array') })),
    detail: healthDetailSchema,
  },
  { error: expected('a JSON object') },
);

export type HealthEventBridgeEvent = z.infer<typeof healthEventSchema>;
export type HealthEventDetail = z.infer<typeof healthDetailSchema>;
export type HealthAffectedEntity = z.infer<typeof affectedEntitySchema>;

/** `detail.affectedEntities.0.entityValue: expected a string`, one issue a line. */
export function formatHealthIssues(error: z.core.$ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}
