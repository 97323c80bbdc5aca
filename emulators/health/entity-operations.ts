import { validation } from './errors.js';
import { accountFailure } from './event-operations.js';
import { renderEntity } from './filters.js';
import type { Operation } from './operation-context.js';
import { type PageTokens, pageAfter } from './pagination.js';
import {
  checkLocale,
  inRanges,
  type Json,
  list,
  maxResults,
  nextToken,
  strings,
  structure,
  text,
  timeRanges,
} from './request.js';
import type { StoredEntity, StoredEvent } from './state.js';

interface Row {
  event: StoredEvent;
  account: string;
  entity: StoredEntity;
}

const ENTITY_STATUSES = ['IMPAIRED', 'UNIMPAIRED', 'UNKNOWN', 'PENDING', 'RESOLVED'];

/** DescribeAffectedEntities: the caller's entities of up to 10 events, 1–100 a page. */
export const describeAffectedEntities: Operation = ({ store, tokens, account, body }) => {
  checkLocale(body.locale);
  const filter = structure(body.filter, 'filter', true) ?? {};
  const arns = strings(filter.eventArns, 'filter.eventArns', 1, 10, true) ?? [];
  const values = strings(filter.entityValues, 'filter.entityValues', 1, 99);
  const entityArns = strings(filter.entityArns, 'filter.entityArns', 1, 99);
  const statuses = statusCodes(filter.statusCodes, 'filter.statusCodes');
  const updated = timeRanges(filter.lastUpdatedTimes, 'filter.lastUpdatedTimes');
  const rows: Row[] = [];
  for (const arn of new Set(arns)) {
    const event = store.get(arn);
    if (!event || !store.visibleTo(event, account)) continue;
    for (const entity of event.accounts.get(account)?.values() ?? []) {
      if (values && !values.includes(entity.value)) continue;
      if (entityArns && !entityArns.includes(entity.arn)) continue;
      if (statuses && !statuses.includes(entity.status)) continue;
      if (!inRanges(entity.lastUpdatedTime, updated)) continue;
      rows.push({ event, account, entity });
    }
  }
  return entitiesPage('DescribeAffectedEntities', body, tokens, rows, []);
};

/** DescribeAffectedEntitiesForOrganization: `organizationEntityFilters` or `organizationEntityAccountFilters`. */
export const describeAffectedEntitiesForOrganization: Operation = ({ store, tokens, body }) => {
  checkLocale(body.locale);
  const plain = list(body.organizationEntityFilters, 'organizationEntityFilters', 1, 10);
  const withStatus = list(body.organizationEntityAccountFilters, 'organizationEntityAccountFilters', 1, 10);
  const member = plain ? 'organizationEntityFilters' : 'organizationEntityAccountFilters';
  const filters = plain ?? withStatus ?? list(undefined, 'organizationEntityFilters', 1, 10, true) ?? [];
  const rows: Row[] = [];
  const failedSet: Json[] = [];
  filters.forEach((item, index) => {
    const at = `${member}.${index + 1}.member`;
    const filter = structure(item, at, true) ?? {};
    const eventArn = text(filter.eventArn, `${at}.eventArn`, true) as string;
    const awsAccountId = text(filter.awsAccountId, `${at}.awsAccountId`);
    const statuses = statusCodes(filter.statusCodes, `${at}.statusCodes`);
    const event = store.get(eventArn);
    const failure = accountFailure(event, eventArn, awsAccountId);
    if (failure || !event) {
      if (failure) failedSet.push({ ...(awsAccountId ? { awsAccountId } : {}), ...failure });
      return;
    }
    for (const [account, entities] of event.accounts) {
      if (awsAccountId !== undefined && account !== awsAccountId) continue;
      for (const entity of entities.values()) {
        if (!statuses || statuses.includes(entity.status)) rows.push({ event, account, entity });
      }
    }
  });
  return entitiesPage('DescribeAffectedEntitiesForOrganization', body, tokens, rows, failedSet);
};

function entitiesPage(
  operation: string,
  body: Json,
  tokens: PageTokens,
  rows: Row[],
  failedSet: Json[],
): Json {
  const size = maxResults(body.maxResults, 1, 100);
  const token = nextToken(body.nextToken);
  const request = { ...body, nextToken: undefined, maxResults: undefined };
  const cursor = token ? tokens.read(token, operation, request) : undefined;
  rows.sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  const { page, more } = pageAfter(rows, cursor, (row, at) => compareKeys(keyOf(row), at.map(String)), size);
  const last = page.at(-1);
  const organization = operation.endsWith('ForOrganization');
  return {
    entities: page.map((row) => renderEntity(row.event, row.account, row.entity)),
    ...(organization && !token ? { failedSet } : {}),
    ...(more && last ? { nextToken: tokens.issue(operation, request, keyOf(last)) } : {}),
  };
}

function keyOf(row: Row): string[] {
  return [row.event.arn, row.account, row.entity.value];
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function statusCodes(value: unknown, member: string): string[] | undefined {
  const codes = strings(value, member, 1, 5);
  const wrong = codes?.find((code) => !ENTITY_STATUSES.includes(code));
  if (wrong !== undefined) {
    throw validation(
      member,
      codes,
      `Member must satisfy constraint: [Member must satisfy enum value set: [${ENTITY_STATUSES.join(', ')}]]`,
    );
  }
  return codes;
}
