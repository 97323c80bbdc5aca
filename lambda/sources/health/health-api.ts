import type * as z from '../../shared/zod.js';
import { PagingPastDeadlineError } from './errors.js';
import { type InvalidItem, unitFailures, validItems } from './health-api-answers.js';
import { errorText, stopsThePoll } from './health-api-errors.js';
import { beforeNextPage, everyPage, type Paging, pageTokens } from './health-api-paging.js';
import {
  affectedAccountsPage,
  detailsBatch,
  type EventQuery,
  entityPage,
  eventsPage,
} from './health-api-requests.js';
import {
  type ApiEntity,
  type ApiEvent,
  type ApiEventDetails,
  apiEntitySchema,
  apiEventDetailsSchema,
  apiEventSchema,
} from './health-api-schema.js';
import { batches, type EventUnit, type UnitFailure, unitKey } from './health-api-units.js';
import type { HealthEndpoint } from './health-endpoint.js';

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
    await everyPage(
      this.paging(this.organization ? 'DescribeEventsForOrganization' : 'DescribeEvents'),
      (nextToken) => eventsPage(this.endpoint, this.organization, query, nextToken),
      (page) => events.push(...this.valid('DescribeEvents', apiEventSchema, page.events ?? [])),
      () => events.splice(0),
    );
    return events;
  }

  /** The accounts an organization event affects (none for a public event). */
  async affectedAccounts(arn: string): Promise<string[]> {
    const accounts: string[] = [];
    await everyPage(
      this.paging('DescribeAffectedAccountsForOrganization'),
      (nextToken) => affectedAccountsPage(this.endpoint, arn, nextToken),
      (page) => accounts.push(...(page.affectedAccounts ?? [])),
      () => accounts.splice(0),
    );
    return accounts;
  }

  async details(
    units: readonly EventUnit[],
  ): Promise<{ found: Map<string, ApiEventDetails>; failed: UnitFailure[] }> {
    const found = new Map<string, ApiEventDetails>();
    const failed: UnitFailure[] = [];
    for (const batch of batches(units)) {
      try {
        const answer = await detailsBatch(this.endpoint, this.organization, batch);
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
        failed.push(...unitFailures(batch, answer.failedSet ?? [], this.invalid));
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
      const paging = pageTokens(operation);
      try {
        let nextToken: string | undefined;
        do {
          if (nextToken !== undefined) beforeNextPage(operation, this.pastDeadline);
          const page = await entityPage(this.endpoint, this.organization, batch, nextToken);
          for (const entity of this.valid('DescribeAffectedEntities', apiEntitySchema, page.entities ?? [])) {
            const own = {
              arn: entity.eventArn,
              ...(entity.awsAccountId ? { account: entity.awsAccountId } : {}),
            };
            // A unit asked without an account (a public event) collects its entities of every account.
            const list = found.get(unitKey(own)) ?? found.get(entity.eventArn);
            list?.push(entity);
          }
          failed.push(...unitFailures(batch, page.failedSet ?? [], this.invalid));
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

  private paging(operation: string): Paging {
    return { operation, endpoint: this.endpoint, pastDeadline: this.pastDeadline };
  }

  private valid<S extends z.ZodMiniType>(
    operation: string,
    schema: S,
    items: readonly unknown[],
  ): z.infer<S>[] {
    return validItems(operation, schema, items, this.invalid);
  }
}
