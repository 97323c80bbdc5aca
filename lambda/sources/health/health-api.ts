import {
  DescribeAffectedAccountsForOrganizationCommand,
  DescribeAffectedEntitiesCommand,
  DescribeAffectedEntitiesForOrganizationCommand,
  DescribeEventDetailsCommand,
  DescribeEventDetailsForOrganizationCommand,
  DescribeEventsCommand,
  DescribeEventsForOrganizationCommand,
} from '@aws-sdk/client-health';
import type * as z from '../../shared/zod.js';
import { PagingPastDeadlineError, RepeatedPageTokenError } from './errors.js';
import { errorText, stopsThePoll } from './health-api-errors.js';
import {
  type ApiEntity,
  type ApiEvent,
  type ApiEventDetails,
  apiEntitySchema,
  apiEventDetailsSchema,
  apiEventSchema,
  apiFailureSchema,
} from './health-api-schema.js';
import type { HealthEndpoint } from './health-endpoint.js';

/** AWS: smaller pages get throttled; 100 is the most DescribeEvents and the entity calls give. */
export const PAGE_SIZE = 100;
/** DescribeEventDetails(ForOrganization) and the entity filters take at most 10 events. */
export const BATCH_SIZE = 10;

/** Which events to list: by status, or updated since a time. */
export interface EventQuery {
  statuses?: string[];
  updatedSince?: Date;
}

/** One story to fetch: an event, and in the organization view the affected account to ask about. */
export interface EventUnit {
  arn: string;
  account?: string;
}

export interface UnitFailure {
  unit: EventUnit;
  error: string;
}

/** An answer item that failed its schema: left out, named in the log. */
export interface InvalidItem {
  operation: string;
  reason: string;
}

export function unitKey(unit: EventUnit): string {
  return unit.account ? `${unit.arn}#${unit.account}` : unit.arn;
}

/**
 * Reads AWS Health through the active endpoint: the account's view (DescribeEvents…) or the
 * organization's (…ForOrganization), pages of 100, details and entities in batches of ≤ 10 events.
 * Every answer item is checked at the boundary; one that fails is left out and reported in `invalid`.
 * Errors that stop a poll (endpoint, throttling, no support plan) are thrown; any other failure of a
 * details or entity call fails only the events (and accounts) that call was about.
 */
export class HealthApiReader {
  /** Items of the answers read so far that failed their schema. */
  readonly invalid: InvalidItem[] = [];

  constructor(
    private readonly endpoint: HealthEndpoint,
    private readonly organization: boolean,
    /** True once no further page may be asked for (the Lambda's deadline, less what the poll keeps). */
    private readonly pastDeadline: () => boolean = () => false,
  ) {}

  async listEvents(query: EventQuery): Promise<ApiEvent[]> {
    const events: ApiEvent[] = [];
    await this.pages(
      this.organization ? 'DescribeEventsForOrganization' : 'DescribeEvents',
      (nextToken) => this.page(query, nextToken),
      (page) => events.push(...this.valid('DescribeEvents', apiEventSchema, page.events ?? [])),
      () => events.splice(0),
    );
    return events;
  }

  /** The accounts an organization event affects (none for a public event). */
  async affectedAccounts(arn: string): Promise<string[]> {
    const accounts: string[] = [];
    await this.pages(
      'DescribeAffectedAccountsForOrganization',
      (nextToken) =>
        this.endpoint.call('DescribeAffectedAccountsForOrganization', (client) =>
          client.send(
            new DescribeAffectedAccountsForOrganizationCommand({
              eventArn: arn,
              maxResults: PAGE_SIZE,
              ...(nextToken ? { nextToken } : {}),
            }),
          ),
        ),
      (page) => accounts.push(...(page.affectedAccounts ?? [])),
      () => accounts.splice(0),
    );
    return accounts;
  }

  /**
   * Every page, in order. Whether a token from the region before a failover means anything to the
   * other region AWS does not say: refused there (InvalidPaginationToken), the listing starts over in
   * the new region, once.
   */
  private async pages<P extends { nextToken?: string | undefined }>(
    operation: string,
    fetch: (nextToken: string | undefined) => Promise<P>,
    take: (page: P) => void,
    restart: () => void,
  ): Promise<void> {
    let nextToken: string | undefined;
    let restarted = false;
    let paging = this.paging(operation);
    for (;;) {
      if (nextToken !== undefined) this.beforeNextPage(operation);
      let page: P;
      try {
        page = await fetch(nextToken);
      } catch (error) {
        const stale =
          nextToken !== undefined &&
          !restarted &&
          this.endpoint.failover !== undefined &&
          error instanceof Error &&
          error.name === 'InvalidPaginationToken';
        if (!stale) throw error;
        restarted = true;
        nextToken = undefined;
        paging = this.paging(operation);
        restart();
        continue;
      }
      take(page);
      nextToken = paging(page.nextToken);
      if (!nextToken) return;
    }
  }

  /** Before asking for a page after the first: none once the deadline is near. */
  private beforeNextPage(operation: string): void {
    if (this.pastDeadline()) throw new PagingPastDeadlineError(operation);
  }

  /**
   * One listing's page tokens: each next token once. A server that answers a token it already gave
   * (the same one forever, or a cycle) would otherwise be paged without end.
   */
  private paging(operation: string): (next: string | undefined) => string | undefined {
    const seen = new Set<string>();
    return (next) => {
      if (next === undefined || next === '') return undefined;
      if (seen.has(next)) throw new RepeatedPageTokenError(operation, seen.size + 1);
      seen.add(next);
      return next;
    };
  }

  async details(
    units: readonly EventUnit[],
  ): Promise<{ found: Map<string, ApiEventDetails>; failed: UnitFailure[] }> {
    const found = new Map<string, ApiEventDetails>();
    const failed: UnitFailure[] = [];
    for (const batch of batches(units)) {
      try {
        const answer = await this.detailsBatch(batch);
        for (const item of this.valid(
          'DescribeEventDetails',
          apiEventDetailsSchema,
          answer.successfulSet ?? [],
        )) {
          found.set(
            unitKey({ arn: item.event.arn, ...(item.awsAccountId ? { account: item.awsAccountId } : {}) }),
            item,
          );
        }
        failed.push(...this.failures(batch, answer.failedSet ?? []));
      } catch (error) {
        if (stopsThePoll(error)) throw error;
        failed.push(...batch.map((unit) => ({ unit, error: errorText(error) })));
      }
    }
    // A unit neither described nor reported as failed is a failure too: nothing is assumed.
    const reported = new Set(failed.map((f) => unitKey(f.unit)));
    for (const unit of units) {
      if (!found.has(unitKey(unit)) && !reported.has(unitKey(unit))) {
        failed.push({ unit, error: 'not in the answer of DescribeEventDetails' });
      }
    }
    return { found, failed };
  }

  async entities(
    units: readonly EventUnit[],
  ): Promise<{ found: Map<string, ApiEntity[]>; failed: UnitFailure[] }> {
    const found = new Map<string, ApiEntity[]>(units.map((unit) => [unitKey(unit), []]));
    const failed: UnitFailure[] = [];
    for (const batch of batches(units)) {
      const operation = this.organization
        ? 'DescribeAffectedEntitiesForOrganization'
        : 'DescribeAffectedEntities';
      const paging = this.paging(operation);
      try {
        let nextToken: string | undefined;
        do {
          if (nextToken !== undefined) this.beforeNextPage(operation);
          const page = await this.entityPage(batch, nextToken);
          for (const entity of this.valid('DescribeAffectedEntities', apiEntitySchema, page.entities ?? [])) {
            const own = {
              arn: entity.eventArn,
              ...(entity.awsAccountId ? { account: entity.awsAccountId } : {}),
            };
            // A unit asked without an account (a public event) collects its entities of every account.
            const list = found.get(unitKey(own)) ?? found.get(entity.eventArn);
            list?.push(entity);
          }
          failed.push(...this.failures(batch, page.failedSet ?? []));
          nextToken = paging(page.nextToken);
        } while (nextToken);
      } catch (error) {
        if (stopsThePoll(error) || error instanceof PagingPastDeadlineError) throw error;
        failed.push(...batch.map((unit) => ({ unit, error: errorText(error) })));
      }
    }
    for (const failure of failed) found.delete(unitKey(failure.unit));
    return { found, failed };
  }

  private page(query: EventQuery, nextToken: string | undefined) {
    const paging = { maxResults: PAGE_SIZE, ...(nextToken ? { nextToken } : {}) };
    const statuses = query.statuses ? { eventStatusCodes: query.statuses as never[] } : {};
    if (this.organization) {
      const filter = {
        ...statuses,
        ...(query.updatedSince ? { lastUpdatedTime: { from: query.updatedSince } } : {}),
      };
      return this.endpoint.call('DescribeEventsForOrganization', (client) =>
        client.send(new DescribeEventsForOrganizationCommand({ filter, ...paging })),
      );
    }
    const filter = {
      ...statuses,
      ...(query.updatedSince ? { lastUpdatedTimes: [{ from: query.updatedSince }] } : {}),
    };
    return this.endpoint.call('DescribeEvents', (client) =>
      client.send(new DescribeEventsCommand({ filter, ...paging })),
    );
  }

  private detailsBatch(batch: readonly EventUnit[]) {
    if (this.organization) {
      const organizationEventDetailFilters = batch.map((unit) => ({
        eventArn: unit.arn,
        ...(unit.account ? { awsAccountId: unit.account } : {}),
      }));
      return this.endpoint.call('DescribeEventDetailsForOrganization', (client) =>
        client.send(new DescribeEventDetailsForOrganizationCommand({ organizationEventDetailFilters })),
      );
    }
    const eventArns = batch.map((unit) => unit.arn);
    return this.endpoint.call('DescribeEventDetails', (client) =>
      client.send(new DescribeEventDetailsCommand({ eventArns })),
    );
  }

  private async entityPage(
    batch: readonly EventUnit[],
    nextToken: string | undefined,
  ): Promise<{ entities?: unknown[]; failedSet?: unknown[]; nextToken?: string | undefined }> {
    const paging = { maxResults: PAGE_SIZE, ...(nextToken ? { nextToken } : {}) };
    if (this.organization) {
      const organizationEntityFilters = batch.map((unit) => ({
        eventArn: unit.arn,
        ...(unit.account ? { awsAccountId: unit.account } : {}),
      }));
      return this.endpoint.call('DescribeAffectedEntitiesForOrganization', (client) =>
        client.send(
          new DescribeAffectedEntitiesForOrganizationCommand({ organizationEntityFilters, ...paging }),
        ),
      );
    }
    const eventArns = batch.map((unit) => unit.arn);
    return this.endpoint.call('DescribeAffectedEntities', (client) =>
      client.send(new DescribeAffectedEntitiesCommand({ filter: { eventArns }, ...paging })),
    );
  }

  /** failedSet items, matched to the units of the batch (by event and, when given, account). */
  private failures(batch: readonly EventUnit[], failedSet: readonly unknown[]): UnitFailure[] {
    return this.valid('failedSet', apiFailureSchema, failedSet).flatMap((item) => {
      const unit = batch.find(
        (u) =>
          u.arn === item.eventArn && (item.awsAccountId === undefined || u.account === item.awsAccountId),
      );
      if (!unit) return [];
      return [{ unit, error: `${item.errorName ?? 'failed'}: ${item.errorMessage ?? ''}`.trim() }];
    });
  }

  private valid<S extends z.ZodMiniType>(
    operation: string,
    schema: S,
    items: readonly unknown[],
  ): z.infer<S>[] {
    return items.flatMap((item) => {
      const parsed = schema.safeParse(item);
      if (parsed.success) return [parsed.data as z.infer<S>];
      const reason = parsed.error.issues
        .map((issue) => `${issue.path.join('.') || '(item)'}: ${issue.message}`)
        .join('; ');
      this.invalid.push({ operation, reason });
      return [];
    });
  }
}

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH_SIZE) out.push(items.slice(i, i + BATCH_SIZE));
  return out;
}
