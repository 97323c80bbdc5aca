import * as z from '../../shared/zod.js';

/**
 * Zod schemas for Route 53 `ChangeResourceRecordSets` calls as CloudTrail records them: the raw record
 * (one entry of a log file's `Records`) and the EventBridge event ("AWS API Call via CloudTrail") that
 * carries one in `detail`.
 *
 * Strict where Lookout's conclusions depend on it (event source and name, change actions, record types,
 * TTL and weight ranges, who made the call); loose objects everywhere else, so fields AWS adds later
 * pass through. CloudTrail writes request fields with the first letter lower-cased: `tTL` (not `ttl`),
 * `dNSName`, `iPAddress`.
 */

export const ROUTE53_EVENT_SOURCE = 'route53.amazonaws.com';
export const ROUTE53_EVENTBRIDGE_SOURCE = 'aws.route53';
export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';
export const CHANGE_EVENT_NAME = 'ChangeResourceRecordSets';

export const changeActionSchema = z.enum(['CREATE', 'DELETE', 'UPSERT']);

/** Route 53's RRType values (API reference, ResourceRecordSet.Type). */
export const recordTypeSchema = z.enum([
  'SOA',
  'A',
  'TXT',
  'NS',
  'CNAME',
  'MX',
  'NAPTR',
  'PTR',
  'SRV',
  'SPF',
  'AAAA',
  'CAA',
  'DS',
  'TLSA',
  'SSHFP',
  'SVCB',
  'HTTPS',
]);

const nonEmpty = z.string().check(z.minLength(1));
const optionalText = z.optional(z.string());

/**
 * CloudTrail spells the alias fields `hostedZoneId`, `dNSName`, `evaluateTargetHealth`; hand-written
 * samples sometimes keep the API's `HostedZoneId`/`DNSName`/`EvaluateTargetHealth`. Both are read.
 */
const aliasKeys: Record<string, string> = {
  HostedZoneId: 'hostedZoneId',
  DNSName: 'dNSName',
  dnsName: 'dNSName',
  EvaluateTargetHealth: 'evaluateTargetHealth',
};

export const aliasTargetSchema = z.pipe(
  z.transform((value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [aliasKeys[k] ?? k, v]))
      : value,
  ),
  z.looseObject({
    hostedZoneId: nonEmpty,
    dNSName: nonEmpty,
    evaluateTargetHealth: z.boolean(),
  }),
);

export const resourceRecordSetSchema = z
  .looseObject({
    name: nonEmpty,
    type: recordTypeSchema,
    setIdentifier: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
    weight: z.optional(z.int().check(z.gte(0), z.lte(255))),
    region: z.optional(nonEmpty),
    failover: z.optional(z.enum(['PRIMARY', 'SECONDARY'])),
    multiValueAnswer: z.optional(z.boolean()),
    tTL: z.optional(z.int().check(z.gte(0), z.lte(2_147_483_647))),
    resourceRecords: z.optional(z.array(z.looseObject({ value: z.string() })).check(z.minLength(1))),
    aliasTarget: z.optional(aliasTargetSchema),
    healthCheckId: z.optional(nonEmpty),
    trafficPolicyInstanceId: z.optional(nonEmpty),
  })
  .check(
    z.superRefine((rrset, ctx) => {
      if ('ttl' in rrset && rrset.tTL === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['ttl'],
          message: 'CloudTrail spells the TTL "tTL"; "ttl" is not a CloudTrail field',
        });
      }
    }),
  );

/**
 * What Route 53 accepts as a record set's content: exactly one of aliasTarget, tTL with
 * resourceRecords, or trafficPolicyInstanceId. Checked for successful calls only: a failed call
 * (InvalidInput) may carry any content, and is still evidence.
 */
function contentProblems(rrset: CloudTrailResourceRecordSet): { path: string; message: string }[] {
  const kinds = [rrset.resourceRecords, rrset.aliasTarget, rrset.trafficPolicyInstanceId].filter(
    (x) => x !== undefined,
  ).length;
  if (kinds === 0) return [{ path: 'resourceRecords', message: 'expected resourceRecords or aliasTarget' }];
  if (rrset.resourceRecords !== undefined && rrset.aliasTarget !== undefined) {
    return [{ path: 'aliasTarget', message: 'an alias record carries no resourceRecords' }];
  }
  if (rrset.resourceRecords !== undefined && rrset.tTL === undefined) {
    return [{ path: 'tTL', message: 'a non-alias record needs tTL' }];
  }
  return [];
}

export const changeSchema = z.looseObject({
  action: changeActionSchema,
  resourceRecordSet: resourceRecordSetSchema,
});

export const changeRequestParametersSchema = z.looseObject({
  /** Seen both bare (`Z1PA6795UKMFR9`) and prefixed (`/hostedzone/Z1PA6795UKMFR9`). */
  hostedZoneId: nonEmpty,
  changeBatch: z.looseObject({
    comment: optionalText,
    changes: z.array(changeSchema).check(z.minLength(1)),
  }),
});

export const changeInfoSchema = z.looseObject({
  /** `/change/C156SRE0X2ZB10`. */
  id: nonEmpty,
  status: z.enum(['PENDING', 'INSYNC']),
  /** Not ISO: `Jan 16, 2018 12:41:43 AM` (see `parseSubmittedAt`). */
  submittedAt: nonEmpty,
  comment: optionalText,
});

export const sessionIssuerSchema = z.looseObject({
  type: optionalText,
  principalId: optionalText,
  arn: optionalText,
  accountId: optionalText,
  userName: optionalText,
});

/** `arn:aws:sts::111122223333:assumed-role/dns-enactor/enactor-1` (any partition). */
export const ASSUMED_ROLE_ARN = /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/([^/]+)\/(.+)$/;

export const userIdentitySchema = z
  .looseObject({
    type: nonEmpty,
    principalId: optionalText,
    arn: optionalText,
    accountId: optionalText,
    accessKeyId: optionalText,
    userName: optionalText,
    invokedBy: optionalText,
    sessionContext: z.optional(
      z.looseObject({
        attributes: z.optional(z.looseObject({})),
        sessionIssuer: z.optional(sessionIssuerSchema),
      }),
    ),
  })
  .check(
    z.superRefine((identity, ctx) => {
      if (identity.type === 'AssumedRole' && !ASSUMED_ROLE_ARN.test(identity.arn ?? '')) {
        ctx.addIssue({
          code: 'custom',
          path: ['arn'],
          message: `expected an assumed-role session ARN (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION), got ${JSON.stringify(identity.arn)}`,
        });
      }
      if ((identity.type === 'IAMUser' || identity.type === 'Root') && !identity.arn) {
        ctx.addIssue({ code: 'custom', path: ['arn'], message: `a ${identity.type} identity needs arn` });
      }
      if (!identity.arn && !identity.invokedBy && !identity.principalId) {
        ctx.addIssue({
          code: 'custom',
          path: ['arn'],
          message: 'expected arn, invokedBy or principalId to attribute the change',
        });
      }
    }),
  );

/** One CloudTrail record of a `ChangeResourceRecordSets` call, as in a log file's `Records`. */
export const changeRecordSchema = z
  .looseObject({
    eventVersion: nonEmpty,
    userIdentity: userIdentitySchema,
    eventTime: z.iso.datetime({ offset: true }),
    eventSource: z.literal(ROUTE53_EVENT_SOURCE),
    eventName: z.literal(CHANGE_EVENT_NAME),
    awsRegion: nonEmpty,
    sourceIPAddress: optionalText,
    userAgent: optionalText,
    errorCode: optionalText,
    errorMessage: optionalText,
    requestParameters: changeRequestParametersSchema,
    responseElements: z.optional(z.nullable(z.looseObject({ changeInfo: changeInfoSchema }))),
    requestID: nonEmpty,
    eventID: nonEmpty,
    eventType: optionalText,
    recipientAccountId: optionalText,
  })
  .check(
    z.superRefine((record, ctx) => {
      if (record.errorCode !== undefined) return;
      if (!record.responseElements) {
        ctx.addIssue({
          code: 'custom',
          path: ['responseElements'],
          message: 'a successful call carries responseElements.changeInfo (or the call failed: errorCode)',
        });
      }
      record.requestParameters.changeBatch.changes.forEach((change, i) => {
        for (const problem of contentProblems(change.resourceRecordSet)) {
          ctx.addIssue({
            code: 'custom',
            path: ['requestParameters', 'changeBatch', 'changes', i, 'resourceRecordSet', problem.path],
            message: problem.message,
          });
        }
      });
    }),
  );

/** The EventBridge event for a `ChangeResourceRecordSets` call (us-east-1 default bus). */
export const changeEventSchema = z.looseObject({
  version: nonEmpty,
  id: nonEmpty,
  'detail-type': z.literal(CLOUDTRAIL_DETAIL_TYPE),
  source: z.literal(ROUTE53_EVENTBRIDGE_SOURCE),
  account: z.string().check(z.regex(/^\d{12}$/, 'expected a 12-digit account id')),
  time: z.iso.datetime({ offset: true }),
  /** us-east-1 normally; not enforced (Accelerated Recovery can move the control plane to us-west-2). */
  region: nonEmpty,
  resources: z.array(z.string()),
  detail: changeRecordSchema,
});

export type ChangeRecord = z.infer<typeof changeRecordSchema>;
export type ChangeEvent = z.infer<typeof changeEventSchema>;
export type CloudTrailUserIdentity = z.infer<typeof userIdentitySchema>;
export type CloudTrailResourceRecordSet = z.infer<typeof resourceRecordSetSchema>;

/** `detail.requestParameters.changeBatch.changes.0.action: Invalid option: …`, one issue a line. */
export function formatIssues(error: z.core.$ZodError, prefix: readonly PropertyKey[] = []): string[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path].map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}
