import {
  compareCursor,
  type EventCriteria,
  matches,
  readEventFilter,
  readOrganizationFilter,
  renderDetails,
  renderEvent,
} from './filters.js';
import { INVALID_ACCOUNT, NOT_FOUND, type Operation, type OperationContext } from './operation-context.js';
import { pageAfter } from './pagination.js';
import { checkLocale, type Json, list, maxResults, nextToken, strings, structure, text } from './request.js';
import { type StoredEvent, scopeOf } from './state.js';

/** DescribeEvents: the caller's events and the public ones, newest change first, 1–100 a page. */
export const describeEvents: Operation = (context) => {
  const criteria = readEventFilter(structure(context.body.filter, 'filter'));
  return eventsPage(
    context,
    'DescribeEvents',
    criteria,
    (event) => context.store.visibleTo(event, context.account),
    false,
  );
};

/** DescribeEventsForOrganization: every account's events once each (`awsAccountIds` narrows them). */
export const describeEventsForOrganization: Operation = (context) => {
  const criteria = readOrganizationFilter(structure(context.body.filter, 'filter'));
  return eventsPage(context, 'DescribeEventsForOrganization', criteria, () => true, true);
};

/** DescribeEventDetails: up to 10 ARNs; those the caller cannot see land in `failedSet`. */
export const describeEventDetails: Operation = ({ store, account, body }) => {
  checkLocale(body.locale);
  const arns = strings(body.eventArns, 'eventArns', 1, 10, true) ?? [];
  const successfulSet: Json[] = [];
  const failedSet: Json[] = [];
  for (const arn of arns) {
    const event = store.get(arn);
    if (event && store.visibleTo(event, account)) successfulSet.push(renderDetails(event));
    else failedSet.push(notFound(arn));
  }
  return { successfulSet, failedSet };
};

/** DescribeEventDetailsForOrganization: up to 10 `{ eventArn, awsAccountId }` filters. */
export const describeEventDetailsForOrganization: Operation = ({ store, body }) => {
  checkLocale(body.locale);
  const filters =
    list(body.organizationEventDetailFilters, 'organizationEventDetailFilters', 1, 10, true) ?? [];
  const successfulSet: Json[] = [];
  const failedSet: Json[] = [];
  filters.forEach((item, index) => {
    const member = `organizationEventDetailFilters.${index + 1}.member`;
    const filter = structure(item, member, true) ?? {};
    const eventArn = text(filter.eventArn, `${member}.eventArn`, true) as string;
    const awsAccountId = text(filter.awsAccountId, `${member}.awsAccountId`);
    const event = store.get(eventArn);
    const failure = accountFailure(event, eventArn, awsAccountId);
    if (failure || !event) {
      failedSet.push(failure ?? notFound(eventArn, awsAccountId));
      return;
    }
    successfulSet.push({ ...(awsAccountId ? { awsAccountId } : {}), ...renderDetails(event) });
  });
  return { successfulSet, failedSet };
};

/**
 * Why `{ eventArn, awsAccountId }` cannot be described: no such event, an account-specific event
 * asked for without an account, or an account it does not affect.
 */
export function accountFailure(
  event: StoredEvent | undefined,
  eventArn: string,
  awsAccountId: string | undefined,
): Json | undefined {
  if (!event) return notFound(eventArn, awsAccountId);
  const publicEvent = scopeOf(event) === 'PUBLIC';
  if (awsAccountId === undefined && !publicEvent) {
    return {
      eventArn,
      errorName: INVALID_ACCOUNT,
      errorMessage: 'An AWS account ID is required for an account-specific event.',
    };
  }
  if (awsAccountId !== undefined && !publicEvent && !event.accounts.has(awsAccountId)) {
    return notFound(eventArn, awsAccountId);
  }
  return undefined;
}

function eventsPage(
  context: OperationContext,
  operation: string,
  criteria: EventCriteria,
  visible: (event: StoredEvent) => boolean,
  organization: boolean,
): Json {
  const { body, store, tokens, account } = context;
  checkLocale(body.locale);
  const size = maxResults(body.maxResults, 1, 100);
  const token = nextToken(body.nextToken);
  const request = { filter: body.filter ?? null, locale: body.locale ?? null };
  const cursor = token ? tokens.read(token, operation, request) : undefined;
  const entityAccount = organization ? undefined : account;
  const items = store.sorted().filter((event) => visible(event) && matches(event, criteria, entityAccount));
  const { page, more } = pageAfter(items, cursor, compareCursor, size);
  const last = page.at(-1);
  return {
    events: page.map((event) => renderEvent(event, organization)),
    ...(more && last
      ? { nextToken: tokens.issue(operation, request, [last.lastUpdatedTime.getTime(), last.arn]) }
      : {}),
  };
}

function notFound(eventArn: string, awsAccountId?: string): Json {
  return {
    ...(awsAccountId ? { awsAccountId } : {}),
    eventArn,
    errorName: NOT_FOUND,
    errorMessage: `Event ${eventArn} not found.`,
  };
}
