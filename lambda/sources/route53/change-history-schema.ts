import * as z from '../../shared/zod.js';
import { ChangeHistoryResponseError } from './errors.js';
import { isRecord, parseXml, type XmlNode, xmlToObject } from './xml-reader.js';

// Response schemas (member names of the API reference), validated after the XML is read.

const text = z.string();
const nonEmpty = z.string().check(z.minLength(1));
const intText = z.pipe(
  z.string().check(z.regex(/^-?\d+$/, 'expected a whole number')),
  z.transform((value: string) => Number(value)),
);
const boolText = z.pipe(
  z.enum(['true', 'false']),
  z.transform((value: 'true' | 'false') => value === 'true'),
);
const timestampText = z
  .string()
  .check(z.refine((value) => !Number.isNaN(Date.parse(value)), 'expected a timestamp'));
const actionText = z.enum(['CREATE', 'DELETE', 'UPSERT']);

export const resourceRecordSetSchema = z.looseObject({
  Name: nonEmpty,
  Type: nonEmpty,
  SetIdentifier: z.optional(text),
  Weight: z.optional(intText),
  Region: z.optional(text),
  GeoLocation: z.optional(
    z.looseObject({
      ContinentCode: z.optional(text),
      CountryCode: z.optional(text),
      SubdivisionCode: z.optional(text),
    }),
  ),
  Failover: z.optional(z.enum(['PRIMARY', 'SECONDARY'])),
  MultiValueAnswer: z.optional(boolText),
  TTL: z.optional(intText),
  ResourceRecords: z.optional(z.array(z.looseObject({ Value: text }))),
  AliasTarget: z.optional(
    z.looseObject({ HostedZoneId: text, DNSName: text, EvaluateTargetHealth: boolText }),
  ),
  HealthCheckId: z.optional(text),
});

export type RawRecordSet = z.infer<typeof resourceRecordSetSchema>;

const SUMMARY_FIELDS = [
  'ChangeId',
  'Operation',
  'SubmittedAt',
  'SubmittedBy',
  'RequestId',
  'Comment',
  'ChangeCount',
];

const summaryShape = {
  ChangeId: nonEmpty,
  Operation: nonEmpty,
  SubmittedAt: timestampText,
  SubmittedBy: nonEmpty,
  RequestId: z.optional(text),
};

const summarySchema = z.looseObject({
  ...summaryShape,
  Comment: z.optional(text),
  ChangeCount: z.optional(intText),
});

export const listBatchesSchema = z.looseObject({
  ChangeBatchSummaries: z.array(summarySchema),
  NextToken: z.optional(text),
});

const getBatchSchema = z.object({
  ChangeBatchSummary: summarySchema,
  ChangeBatch: z.looseObject({
    Comment: z.optional(text),
    Changes: z.array(z.looseObject({ Action: actionText, ResourceRecordSet: resourceRecordSetSchema })),
  }),
});

export const listChangesSchema = z.looseObject({
  ResourceRecordSetChanges: z.array(
    z.looseObject({ ...summaryShape, Action: actionText, ResourceRecordSet: resourceRecordSetSchema }),
  ),
  NextToken: z.optional(text),
});

export interface RawSummary {
  ChangeId: string;
  Operation: string;
  SubmittedAt: string;
  SubmittedBy: string;
  RequestId?: string | undefined;
  Comment?: string | undefined;
  ChangeCount?: number | undefined;
}

/** A GetHostedZoneChangeBatch response, its summary taken from beside or inside `ChangeBatch`. */
export function parseChangeBatchResponse(xml: string): z.infer<typeof getBatchSchema> {
  const root = readXml(xml, 'GetHostedZoneChangeBatch');
  const body = xmlToObject(root);
  const changeBatch = isRecord(body.ChangeBatch) ? body.ChangeBatch : {};
  // The SDK types put the summary beside ChangeBatch; some servers put its fields inside ChangeBatch.
  const summary = body.ChangeBatchSummary ?? pick(changeBatch, SUMMARY_FIELDS);
  return validate(
    { ChangeBatchSummary: summary, ChangeBatch: changeBatch },
    'GetHostedZoneChangeBatch',
    getBatchSchema,
  );
}

export function parseResponse<T extends z.ZodMiniType>(
  xml: string,
  operation: string,
  schema: T,
): z.infer<T> {
  return validate(xmlToObject(readXml(xml, operation)), operation, schema);
}

function validate<T extends z.ZodMiniType>(value: unknown, operation: string, schema: T): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.map(String).join('.') : '(response)';
    return `${field}: ${issue.message}`;
  });
  throw new ChangeHistoryResponseError(operation, issues, { cause: result.error });
}

function readXml(xml: string, operation: string): XmlNode {
  let root: XmlNode;
  try {
    root = parseXml(xml);
  } catch (error) {
    throw new ChangeHistoryResponseError(operation, [(error as Error).message], { cause: error });
  }
  if (root.name !== `${operation}Response`) {
    throw new ChangeHistoryResponseError(operation, [`expected <${operation}Response>, got <${root.name}>`]);
  }
  return root;
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => key in source).map((key) => [key, source[key]]));
}
