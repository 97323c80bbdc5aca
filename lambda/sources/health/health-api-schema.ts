import * as z from '../../shared/zod.js';

/**
 * The AWS Health API's answers as `@aws-sdk/client-health` hands them over (dates already `Date`s), checked
 * at the boundary: the SDK types every field optional, and Lookout's conclusions depend on the ones that
 * name an event. Categories, services, scope and status codes stay text, so a value AWS adds later is
 * carried, not rejected. Objects are loose: AWS adds fields.
 */

const nonEmpty = z.string().check(z.minLength(1));
const date = z.optional(z.date());

/** `Event` (DescribeEvents) and `OrganizationEvent` (…ForOrganization): the listing's fields. */
export const apiEventSchema = z.looseObject({
  arn: nonEmpty,
  service: nonEmpty,
  eventTypeCode: nonEmpty,
  eventTypeCategory: nonEmpty,
  region: nonEmpty,
  statusCode: nonEmpty,
  eventScopeCode: z.optional(z.string()),
  startTime: date,
  endTime: date,
  lastUpdatedTime: date,
});

/** `EventDetails` / `OrganizationEventDetails`: the event again, its description and metadata. */
export const apiEventDetailsSchema = z.looseObject({
  awsAccountId: z.optional(z.string()),
  event: apiEventSchema,
  eventDescription: z.optional(z.looseObject({ latestDescription: z.optional(z.string()) })),
  eventMetadata: z.optional(z.record(z.string(), z.string())),
});

/** `AffectedEntity`: one resource of one account. */
export const apiEntitySchema = z.looseObject({
  eventArn: nonEmpty,
  entityValue: nonEmpty,
  awsAccountId: z.optional(z.string()),
  statusCode: z.optional(z.string()),
  lastUpdatedTime: date,
});

/** A `failedSet` item of the details and entity calls. */
export const apiFailureSchema = z.looseObject({
  eventArn: z.optional(z.string()),
  awsAccountId: z.optional(z.string()),
  errorName: z.optional(z.string()),
  errorMessage: z.optional(z.string()),
});

export type ApiEvent = z.infer<typeof apiEventSchema>;
export type ApiEventDetails = z.infer<typeof apiEventDetailsSchema>;
export type ApiEntity = z.infer<typeof apiEntitySchema>;
export type ApiFailure = z.infer<typeof apiFailureSchema>;
