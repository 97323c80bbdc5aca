import type { Route53Client } from '@aws-sdk/client-route-53';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { fqdn } from '../../domain/dns-name.js';
import { bareChangeId, bareZoneId } from '../../domain/route53/ids.js';
import type {
  ChangeBatchDetail,
  ChangeBatchSummary,
  ChangeHistoryReader,
  ChangeHistoryResult,
  ChangeHistoryUnavailable,
  RecordSetChange,
} from '../../ports/change-history.js';
import { exponential, retry } from '../../shared/retry.js';
import { type Sleep, sleep } from '../../shared/sleep.js';
import { isRetryable, isTransportError, readError, transportCode } from './change-history-failures.js';
import { toRecordSet, toSummary } from './change-history-mapping.js';
import type { ChangeHistoryClientOptions } from './change-history-options.js';
import {
  listBatchesSchema,
  listChangesSchema,
  parseChangeBatchResponse,
  parseResponse,
} from './change-history-schema.js';
import { ChangeHistoryError, ChangeHistoryResponseError } from './errors.js';
import { NodeSha256 } from './sha256.js';

export type {
  ChangeBatchDetail,
  ChangeBatchSummary,
  ChangeHistoryReader,
  ChangeHistoryResult,
  ChangeHistoryUnavailable,
  RecordSetChange,
  RecordSetChangeEntry,
} from '../../ports/change-history.js';
export { toControlPlaneChanges, writerFromPrincipalArn } from './change-history-mapping.js';
export type {
  AwsCredentials,
  ChangeHistoryClientOptions,
  CredentialsSource,
} from './change-history-options.js';
export { ChangeHistoryError, ChangeHistoryResponseError } from './errors.js';

/*
 * Route 53 Change History (hosted zones on the ADVANCED tier): ListHostedZoneChangeBatches,
 * GetHostedZoneChangeBatch and ListResourceRecordSetChanges. The JS SDK has no commands for them, so
 * this client signs the REST requests itself (SigV4, service `route53`, region `us-east-1`) and reads
 * the XML. Paths, query parameters, member names and NextToken paging follow the API reference; the
 * list wrappers (`ChangeBatchSummaries`, `ResourceRecordSetChanges`, `Changes`) follow the CLI/SDK
 * member names. GetHostedZoneChangeBatch is read both as documented by the SDK types (a
 * `ChangeBatchSummary` beside `ChangeBatch`) and with the summary fields inside `ChangeBatch`.
 */

export const ROUTE53_ENDPOINT = 'https://route53.amazonaws.com';
const API_PREFIX = '/2013-04-01';
/** Route 53's page limit for the Change History list calls. */
const PAGE_LIMIT = 100;

/**
 * Reads a hosted zone's Change History. `FeatureNotEnabled` comes back as a ChangeHistoryUnavailable
 * result, throttling is retried with backoff, every other failure is a ChangeHistoryError carrying
 * Route 53's code.
 *
 * @example
 * const history = ChangeHistoryClient.fromRoute53Client(new Route53Client({ region: 'us-east-1' }));
 * const page = await history.listChangeBatches('Z0123456789ABCDEFGHIJ', { startAfterChangeId: cursor });
 * if (page.available) for (const b of page.batches) console.log(b.changeId, b.submittedBy);
 */
export class ChangeHistoryClient implements ChangeHistoryReader {
  private readonly endpoint: URL;
  private readonly signer: SignatureV4;
  private readonly fetch: typeof fetch;
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly timeoutMs: number;
  private readonly sleep: Sleep;
  private readonly random: () => number;

  constructor(private readonly options: ChangeHistoryClientOptions) {
    this.endpoint = new URL(options.endpoint ?? ROUTE53_ENDPOINT);
    this.signer = new SignatureV4({
      service: 'route53',
      region: options.region ?? 'us-east-1',
      credentials: options.credentials,
      sha256: NodeSha256,
    });
    this.fetch = options.fetch ?? globalThis.fetch;
    this.attempts = Math.max(1, Math.ceil(options.maxAttempts ?? 4));
    this.baseDelayMs = options.baseDelayMs ?? 200;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.sleep = options.sleep ?? sleep;
    this.random = options.random ?? Math.random;
  }

  /** Shares the SDK client's credential chain (env, profile, SSO, role, IMDS…). */
  static fromRoute53Client(
    client: Route53Client,
    options: Omit<ChangeHistoryClientOptions, 'credentials'> = {},
  ): ChangeHistoryClient {
    return new ChangeHistoryClient({ ...options, credentials: client.config.credentials });
  }

  /**
   * Change batches after `startAfterChangeId` (oldest first), following NextToken pages until
   * `maxItems` (default 100). `nextCursor` is set when more batches remain: pass it back as
   * `startAfterChangeId`. A poller keeps the last `changeId` it processed as its cursor.
   */
  async listChangeBatches(
    zoneId: string,
    options: { startAfterChangeId?: string; maxItems?: number } = {},
  ): Promise<ChangeHistoryResult<{ batches: ChangeBatchSummary[]; nextCursor?: string }>> {
    const maxItems = checkMaxItems(options.maxItems ?? PAGE_LIMIT);
    const zone = bareZoneId(zoneId);
    const batches: ChangeBatchSummary[] = [];
    let nextToken: string | undefined;
    do {
      const query: Record<string, string> = {
        maxresults: String(Math.min(PAGE_LIMIT, maxItems - batches.length)),
        sortorder: 'ASCENDING',
        ...(options.startAfterChangeId
          ? { startafterchangeid: bareChangeId(options.startAfterChangeId) }
          : {}),
        ...(nextToken ? { nexttoken: nextToken } : {}),
      };
      const xml = await this.get(
        'ListHostedZoneChangeBatches',
        zone,
        `/hostedzone/${zone}/changebatches`,
        query,
      );
      if (typeof xml !== 'string') return xml;
      const page = parseResponse(xml, 'ListHostedZoneChangeBatches', listBatchesSchema);
      batches.push(...page.ChangeBatchSummaries.map(toSummary));
      nextToken = nextPageToken(page.NextToken, nextToken);
    } while (nextToken && batches.length < maxItems);
    const last = batches.at(-1);
    return { available: true, batches, ...(nextToken && last ? { nextCursor: last.changeId } : {}) };
  }

  /** One batch with every change in it (`changeId` with or without `/change/`). */
  async getChangeBatch(
    zoneId: string,
    changeId: string,
  ): Promise<ChangeHistoryResult<{ batch: ChangeBatchDetail }>> {
    const zone = bareZoneId(zoneId);
    const id = bareChangeId(changeId);
    const path = `/hostedzone/${zone}/changebatches/${encodeURIComponent(id)}`;
    const xml = await this.get('GetHostedZoneChangeBatch', zone, path, {});
    if (typeof xml !== 'string') return xml;
    const parsed = parseChangeBatchResponse(xml);
    const comment = parsed.ChangeBatch.Comment ?? parsed.ChangeBatchSummary.Comment;
    const changes = parsed.ChangeBatch.Changes.map((change) => ({
      action: change.Action,
      recordSet: toRecordSet(zone, change.ResourceRecordSet),
    }));
    const batch: ChangeBatchDetail = {
      ...toSummary(parsed.ChangeBatchSummary),
      changeCount: parsed.ChangeBatchSummary.ChangeCount ?? changes.length,
      ...(comment !== undefined ? { comment } : {}),
      changes,
    };
    return { available: true, batch };
  }

  /**
   * Changes to the record sets named `name` of `type` (every set identifier), oldest first: the latest
   * `maxItems` (default 300) of them, `truncated` when older ones were left out.
   */
  async listRecordSetChanges(
    zoneId: string,
    name: string,
    type: string,
    options: { maxItems?: number } = {},
  ): Promise<ChangeHistoryResult<{ changes: RecordSetChange[]; truncated: boolean }>> {
    const maxItems = checkMaxItems(options.maxItems ?? 300);
    const zone = bareZoneId(zoneId);
    const recordName = fqdn(name);
    const changes: RecordSetChange[] = [];
    let nextToken: string | undefined;
    do {
      const query: Record<string, string> = {
        recordname: recordName,
        recordtype: type.toUpperCase(),
        maxresults: String(Math.min(PAGE_LIMIT, maxItems - changes.length)),
        sortorder: 'DESCENDING',
        ...(nextToken ? { nexttoken: nextToken } : {}),
      };
      const xml = await this.get(
        'ListResourceRecordSetChanges',
        zone,
        `/hostedzone/${zone}/rrsetchanges`,
        query,
      );
      if (typeof xml !== 'string') return xml;
      const page = parseResponse(xml, 'ListResourceRecordSetChanges', listChangesSchema);
      for (const entry of page.ResourceRecordSetChanges) {
        changes.push({
          ...toSummary(entry),
          action: entry.Action,
          recordSet: toRecordSet(zone, entry.ResourceRecordSet),
        });
      }
      nextToken = nextPageToken(page.NextToken, nextToken);
    } while (nextToken && changes.length < maxItems);
    return { available: true, changes: changes.reverse(), truncated: nextToken !== undefined };
  }

  /** The XML body of a 200, a ChangeHistoryUnavailable for FeatureNotEnabled, or throws. */
  private async get(
    operation: string,
    zoneId: string,
    path: string,
    query: Record<string, string>,
  ): Promise<string | ChangeHistoryUnavailable> {
    return retry<string | ChangeHistoryUnavailable>(
      async () => {
        await this.options.limiter?.take();
        let failure: ChangeHistoryError;
        try {
          const response = await this.send(path, query);
          const body = await response.text();
          if (response.ok) return body;
          failure = readError(operation, response.status, body, response.headers.get('x-amzn-requestid'));
        } catch (error) {
          if (!isTransportError(error)) throw error;
          const detail = (error as Error).message;
          failure = new ChangeHistoryError(operation, transportCode(error), 0, detail, undefined, {
            cause: error,
          });
        }
        if (failure.code === 'FeatureNotEnabled') {
          return { available: false, zoneId, reason: 'FeatureNotEnabled', message: failure.route53Message };
        }
        throw failure;
      },
      {
        attempts: this.attempts,
        retryable: (error) => error instanceof ChangeHistoryError && isRetryable(error),
        // Full jitter: backoff gives the ceiling and the wait draws under it, so every retry still
        // waits through the injected sleep (even when the draw is 0 ms).
        backoff: exponential(this.baseDelayMs, 5_000),
        sleep: (ceiling) => this.sleep(Math.round(this.random() * ceiling)),
      },
    );
  }

  private async send(path: string, query: Record<string, string>): Promise<Response> {
    const base = this.endpoint.pathname.replace(/\/$/, '');
    const fullPath = `${base}${API_PREFIX}${path}`;
    const request = new HttpRequest({
      protocol: this.endpoint.protocol,
      hostname: this.endpoint.hostname,
      ...(this.endpoint.port ? { port: Number(this.endpoint.port) } : {}),
      method: 'GET',
      path: fullPath,
      query,
      headers: { host: this.endpoint.host },
    });
    const signed = await this.signer.sign(request);
    const headers = Object.fromEntries(
      Object.entries(signed.headers).filter(([name]) => name.toLowerCase() !== 'host'),
    );
    const search = Object.entries(query)
      .map(([key, value]) => `${rfc3986(key)}=${rfc3986(value)}`)
      .join('&');
    const url = `${this.endpoint.origin}${fullPath}${search ? `?${search}` : ''}`;
    return this.fetch(url, { method: 'GET', headers, signal: AbortSignal.timeout(this.timeoutMs) });
  }
}

function nextPageToken(token: string | undefined, previous: string | undefined): string | undefined {
  if (!token) return undefined;
  if (token === previous)
    throw new ChangeHistoryResponseError('pagination', [`NextToken repeated: ${token}`]);
  return token;
}

function checkMaxItems(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 10_000) {
    throw new RangeError(`maxItems must be a whole number from 1 to 10000, got ${value}`);
  }
  return value;
}

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
