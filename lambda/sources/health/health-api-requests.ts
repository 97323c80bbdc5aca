import {
  DescribeAffectedAccountsForOrganizationCommand,
  DescribeAffectedEntitiesCommand,
  DescribeAffectedEntitiesForOrganizationCommand,
  DescribeEventDetailsCommand,
  DescribeEventDetailsForOrganizationCommand,
  DescribeEventsCommand,
  DescribeEventsForOrganizationCommand,
} from '@aws-sdk/client-health';
import type { EventUnit } from './health-api-units.js';
import type { HealthEndpoint } from './health-endpoint.js';

/** AWS: smaller pages get throttled; 100 is the most DescribeEvents and the entity calls give. */
export const PAGE_SIZE = 100;

/** Which events to list: by status, or updated since a time. */
export interface EventQuery {
  statuses?: string[];
  updatedSince?: Date;
}

/** One page of DescribeEvents, or of DescribeEventsForOrganization in the organization view. */
export function eventsPage(
  endpoint: HealthEndpoint,
  organization: boolean,
  query: EventQuery,
  nextToken: string | undefined,
) {
  const paging = { maxResults: PAGE_SIZE, ...(nextToken ? { nextToken } : {}) };
  const statuses = query.statuses ? { eventStatusCodes: query.statuses as never[] } : {};
  if (organization) {
    const filter = {
      ...statuses,
      ...(query.updatedSince ? { lastUpdatedTime: { from: query.updatedSince } } : {}),
    };
    return endpoint.call('DescribeEventsForOrganization', (client) =>
      client.send(new DescribeEventsForOrganizationCommand({ filter, ...paging })),
    );
  }
  const filter = {
    ...statuses,
    ...(query.updatedSince ? { lastUpdatedTimes: [{ from: query.updatedSince }] } : {}),
  };
  return endpoint.call('DescribeEvents', (client) =>
    client.send(new DescribeEventsCommand({ filter, ...paging })),
  );
}

/** One page of the accounts an organization event affects. */
export function affectedAccountsPage(endpoint: HealthEndpoint, arn: string, nextToken: string | undefined) {
  return endpoint.call('DescribeAffectedAccountsForOrganization', (client) =>
    client.send(
      new DescribeAffectedAccountsForOrganizationCommand({
        eventArn: arn,
        maxResults: PAGE_SIZE,
        ...(nextToken ? { nextToken } : {}),
      }),
    ),
  );
}

/** The details of one batch (≤ BATCH_SIZE) of units. */
export function detailsBatch(endpoint: HealthEndpoint, organization: boolean, batch: readonly EventUnit[]) {
  if (organization) {
    const organizationEventDetailFilters = batch.map((unit) => ({
      eventArn: unit.arn,
      ...(unit.account ? { awsAccountId: unit.account } : {}),
    }));
    return endpoint.call('DescribeEventDetailsForOrganization', (client) =>
      client.send(new DescribeEventDetailsForOrganizationCommand({ organizationEventDetailFilters })),
    );
  }
  const eventArns = batch.map((unit) => unit.arn);
  return endpoint.call('DescribeEventDetails', (client) =>
    client.send(new DescribeEventDetailsCommand({ eventArns })),
  );
}

/** One page of the entities of one batch (≤ BATCH_SIZE) of units. */
export async function entityPage(
  endpoint: HealthEndpoint,
  organization: boolean,
  batch: readonly EventUnit[],
  nextToken: string | undefined,
): Promise<{ entities?: unknown[]; failedSet?: unknown[]; nextToken?: string | undefined }> {
  const paging = { maxResults: PAGE_SIZE, ...(nextToken ? { nextToken } : {}) };
  if (organization) {
    const organizationEntityFilters = batch.map((unit) => ({
      eventArn: unit.arn,
      ...(unit.account ? { awsAccountId: unit.account } : {}),
    }));
    return endpoint.call('DescribeAffectedEntitiesForOrganization', (client) =>
      client.send(
        new DescribeAffectedEntitiesForOrganizationCommand({ organizationEntityFilters, ...paging }),
      ),
    );
  }
  const eventArns = batch.map((unit) => unit.arn);
  return endpoint.call('DescribeAffectedEntities', (client) =>
    client.send(new DescribeAffectedEntitiesCommand({ filter: { eventArns }, ...paging })),
  );
}
