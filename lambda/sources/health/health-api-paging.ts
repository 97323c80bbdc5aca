import { PagingPastDeadlineError, RepeatedPageTokenError } from './errors.js';
import type { HealthEndpoint } from './health-endpoint.js';

/** How one listing is paged: its operation, the endpoint it asks, and when no further page may be asked. */
export interface Paging {
  operation: string;
  endpoint: Pick<HealthEndpoint, 'failover'>;
  /** True once no further page may be asked for (the Lambda's deadline, less what the poll keeps). */
  pastDeadline: () => boolean;
}

/**
 * Every page, in order. Whether a token from the region before a failover means anything to the
 * other region AWS does not say: refused there (InvalidPaginationToken), the listing starts over in
 * the new region, once.
 */
export async function everyPage<P extends { nextToken?: string | undefined }>(
  { operation, endpoint, pastDeadline }: Paging,
  fetch: (nextToken: string | undefined) => Promise<P>,
  take: (page: P) => void,
  restart: () => void,
): Promise<void> {
  let nextToken: string | undefined;
  let restarted = false;
  let paging = pageTokens(operation);
  for (;;) {
    if (nextToken !== undefined) beforeNextPage(operation, pastDeadline);
    let page: P;
    try {
      page = await fetch(nextToken);
    } catch (error) {
      const stale =
        nextToken !== undefined &&
        !restarted &&
        endpoint.failover !== undefined &&
        error instanceof Error &&
        error.name === 'InvalidPaginationToken';
      if (!stale) throw error;
      restarted = true;
      nextToken = undefined;
      paging = pageTokens(operation);
      restart();
      continue;
    }
    take(page);
    nextToken = paging(page.nextToken);
    if (!nextToken) return;
  }
}

/** Before asking for a page after the first: none once the deadline is near. */
export function beforeNextPage(operation: string, pastDeadline: () => boolean): void {
  if (pastDeadline()) throw new PagingPastDeadlineError(operation);
}

/**
 * One listing's page tokens: each next token once. A server that answers a token it already gave
 * (the same one forever, or a cycle) would otherwise be paged without end.
 */
export function pageTokens(operation: string): (next: string | undefined) => string | undefined {
  const seen = new Set<string>();
  return (next) => {
    if (next === undefined || next === '') return undefined;
    if (seen.has(next)) throw new RepeatedPageTokenError(operation, seen.size + 1);
    seen.add(next);
    return next;
  };
}
