import type { HealthCorrelationSettings } from '../domain/health/health-correlation.js';
import type { HealthFilterSettings } from '../domain/health/health-filter.js';
import * as z from '../shared/zod.js';
import { strictObject } from './strict-object.js';

/** Patterns where `*` is any run of characters, compared case-insensitively (`AWS_EC2_*`, `eu-*`). */
const patterns = z.optional(z.array(z.string().check(z.minLength(1))));

/** Region codes as AWS spells them (`us-east-1`, `us-gov-west-1`, `cn-north-1`). */
const region = z.string().check(z.regex(/^[a-z]{2}(?:-[a-z]+)+-\d+$/, 'a region code such as us-east-1'));

const filterLists = strictObject({
  categories: patterns,
  services: patterns,
  eventTypeCodes: patterns,
  regions: patterns,
});

/**
 * AWS Health (`health:`): events from EventBridge (on by default — it needs no support plan) into the
 * same incidents as the DNS and Route 53 signals, and, when configured, the Health API poller.
 */
export const healthSchema = strictObject({
  enabled: z._default(z.boolean(), true),
  /** A `closed` event resolves its own incident (true), or only ends its Health problem and says so. */
  closedResolves: z._default(z.boolean(), true),
  /** Which events are taken in: exclude wins over include; no include list takes everything. */
  filters: z.optional(strictObject({ include: z.optional(filterLists), exclude: z.optional(filterLists) })),
  /**
   * More regions whose `aws.health` events are forwarded to Lookout (with their backup regions), beside
   * Lookout's own region, the regions of the watched AWS endpoint names and us-east-1 (global events).
   */
  regions: z.optional(z.array(region)),
  /**
   * The Health API poller, the fallback for missed EventBridge deliveries and the organization view. Off
   * unless this section is present: the Health API needs a Business-level (or higher) support plan.
   */
  poller: z.optional(
    strictObject({
      /** Whole minutes between polls. */
      intervalMinutes: z._default(z.int().check(z.minimum(1), z.maximum(60)), 5),
      /** DescribeEventsForOrganization (management or delegated administrator account) instead of DescribeEvents. */
      organizationView: z._default(z.boolean(), false),
    }),
  ),
  /** Which watched names belong to a service and region (defaults: AWS's endpoint names). */
  correlation: z.optional(
    strictObject({
      enabled: z.optional(z.boolean()),
      endpoints: z.optional(
        z.array(
          strictObject({
            service: z.string().check(z.minLength(1)),
            region: z.optional(z.string().check(z.minLength(1))),
            names: z.optional(z.array(z.string().check(z.minLength(1)))),
            replaceDefaults: z.optional(z.boolean()),
          }),
        ),
      ),
    }),
  ),
});

export type HealthConfig = z.infer<typeof healthSchema>;

// The domain declares what it needs; the config must keep satisfying it.
healthSchema satisfies z.ZodMiniType<{
  filters?: HealthFilterSettings;
  correlation?: HealthCorrelationSettings;
}>;
