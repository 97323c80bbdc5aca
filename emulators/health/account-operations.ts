import type { Operation } from './operation-context.js';
import { pageAfter } from './pagination.js';
import { maxResults, nextToken, text } from './request.js';
import { scopeOf } from './state.js';

/**
 * DescribeAffectedAccountsForOrganization: the accounts an event affects, 10–100 a page, in account
 * order. As AWS documents: a PUBLIC event lists none; an event that does not exist is scope `NONE`.
 */
export const describeAffectedAccountsForOrganization: Operation = ({ store, tokens, body }) => {
  const eventArn = text(body.eventArn, 'eventArn', true) as string;
  const size = maxResults(body.maxResults, 10, 100);
  const token = nextToken(body.nextToken);
  const event = store.get(eventArn);
  if (!event) return { affectedAccounts: [], eventScopeCode: 'NONE' };
  const scope = scopeOf(event);
  const accounts = scope === 'PUBLIC' ? [] : [...event.accounts.keys()].sort();
  const request = { eventArn };
  const cursor = token ? tokens.read(token, 'DescribeAffectedAccountsForOrganization', request) : undefined;
  const { page, more } = pageAfter(
    accounts,
    cursor,
    (account, at) => (account > String(at[0]) ? 1 : -1),
    size,
  );
  const last = page.at(-1);
  return {
    affectedAccounts: page,
    eventScopeCode: scope,
    ...(more && last
      ? { nextToken: tokens.issue('DescribeAffectedAccountsForOrganization', request, [last]) }
      : {}),
  };
};
