import * as z from 'zod';
import { ChangeHistoryResponseError } from './errors.js';
import { isRecord, parseXml, type XmlNode, xmlToObject } from './xml-reader.js';

// Response schemas (member names of the API reference), validated after the XML is read.

const text = z.string();
const intText = z
  .string()
  .regex(/^-?\d+$/, 'expected a whole number')
  .transform((value) => Number(value));
const boolText = z.enum(['true', 'false']).transform((value) => value === 'true');
const timestampText = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'expected a timestamp');
const actionText = z.enum(['CREATE', 'DELETE', 'UPSERT']);

export const resourceRecordSetSchema = z.looseObject({
  Name: text.min(1),
  Type: text.min(1),
  SetIdentifier: text.optional(),
  Weight: intText.optional(),
  Region: text.optional(),
  GeoLocation: z
    .looseObject({
      ContinentCode: text.optional(),
      CountryCode: text.optional(),
      SubdivisionCode: text.optional(),
    })
    .optional(),
  Failover: z.enum(['PRIMARY', 'SECONDARY']).optional(),
  MultiValueAnswer: boolText.optional(),
  TTL: intText.optional(),
  ResourceRecords: z.array(z.looseObject({ Value: text })).optional(),
  AliasTarget: z
    .looseObject({ HostedZoneId: text, DNSName: text, EvaluateTargetHealth: boolText })
    .optional(),
  HealthCheckId: text.optional(),
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
  ChangeId: text.min(1),
  Operation: text.min(1),
  SubmittedAt: timestampText,
  SubmittedBy: text.min(1),
  RequestId: text.optional(),
};

const summarySchema = z.looseObject({
  ...summaryShape,
  Comment: text.optional(),
  ChangeCount: intText.optional(),
});

export const listBatchesSchema = z.looseObject({
  ChangeBatchSummaries: z.array(summarySchema),
  NextToken: text.optional(),
});

const getBatchSchema = z.object({
  ChangeBatchSummary: summarySchema,
  ChangeBatch: z.looseObject({
    Comment: text.optional(),
    Changes: z.array(z.looseObject({ Action: actionText, ResourceRecordSet: resourceRecordSetSchema })),
  }),
});

export const listChangesSchema = z.looseObject({
  ResourceRecordSetChanges: z.array(
    z.looseObject({ ...summaryShape, Action: actionText, ResourceRecordSet: resourceRecordSetSchema }),
  ),
  NextToken: text.optional(),
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

export function parseResponse<T extends z.ZodType>(xml: string, operation: string, schema: T): z.infer<T> {
  return validate(xmlToObject(readXml(xml, operation)), operation, schema);
}

function validate<T extends z.ZodType>(value: unknown, operation: string, schema: T): z.infer<T> {
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
