import type { HealthCorrelationSettings } from '../domain/health/health-correlation.js';
import type { HealthFilterSettings } from '../domain/health/health-filter.js';
import * as z from '../shared/zod.js';
import { strictObject } from './strict-object.js';

/** Patterns where `*` is any run of characters, compared case-insensitively (`AWS_EC2_*`, `eu-*`). */
const patterns = z.optional(z.array(z.string().check(z.minLength(1))));

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
