import { createHash, createHmac } from 'node:crypto';
import type { ResourceRecordSet, Route53Client } from '@aws-sdk/client-route-53';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import * as z from 'zod';
import type { ChangeAction, ControlPlaneChange, Writer } from '../../domain/route53/control-plane-change.js';
import type { RecordSetContent } from '../../domain/route53/record-set.js';
import { ASSUMED_ROLE_ARN } from './cloudtrail-schema.js';
import type { RateLimiter } from './rate-limiter.js';
import { fromSdkRecordSet, stripZonePrefix } from './record-set-mapping.js';

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

/** One change batch as ListHostedZoneChangeBatches summarises it. */
export interface ChangeBatchSummary {
  /** Bare change id (`C0123…`), the id ChangeResourceRecordSets returned. */
  changeId: string;
  /** `ChangeResourceRecordSets`, `CreateHostedZone`, … (Route 53 may add values). */
  operation: string;
  /** ISO 8601, UTC. */
  submittedAt: string;
  /** Principal ARN; for an assumed role the session ARN (`…:assumed-role/dns-enactor/enactor-2`). */
  submittedBy: string;
  /** = CloudTrail `requestID`; absent when there was no request. */
  requestId?: string;
  comment?: string;
  /** 0 for CreateHostedZone. */
  changeCount?: number;
}

/**
 * One change of a batch: the record set as the change wrote it (CREATE, UPSERT) or deleted it
 * (DELETE). Route 53 does not return the content an UPSERT or DELETE replaced ("no before-values"):
 * take it from the previous change to the same record set, or from a snapshot.
 */
export interface RecordSetChangeEntry {
  action: ChangeAction;
  recordSet: RecordSetContent;
}

/** GetHostedZoneChangeBatch: the summary and every change, in batch order. */
export interface ChangeBatchDetail extends ChangeBatchSummary {
  changes: RecordSetChangeEntry[];
}

/** One entry of ListResourceRecordSetChanges. */
export interface RecordSetChange extends Omit<ChangeBatchSummary, 'comment' | 'changeCount'> {
  action: ChangeAction;
  recordSet: RecordSetContent;
}

/** `FeatureNotEnabled`: the zone keeps no Change History (STANDARD tier, or not turned on). */
export interface ChangeHistoryUnavailable {
  available: false;
  zoneId: string;
  reason: 'FeatureNotEnabled';
  message: string;
}

export type ChangeHistoryResult<T> = ({ available: true } & T) | ChangeHistoryUnavailable;

/** Route 53 answered with an error (after retries for throttling): its code, message and request id. */
export class ChangeHistoryError extends Error {
  constructor(
    readonly operation: string,
    /** Route 53's error code: `NoSuchHostedZone`, `NoSuchChange`, `AccessDenied`, `Throttling`, … */
    readonly code: string,
    /** HTTP status; 0 when no response arrived (connection refused, timeout). */
    readonly status: number,
    readonly route53Message: string,
    readonly requestId?: string,
    options?: { cause?: unknown },
  ) {
    const answer = status === 0 ? 'no response' : `HTTP ${status}`;
    super(`${operation}: ${code} (${answer}): ${route53Message}`, options);
    this.name = 'ChangeHistoryError';
  }
}

/** A response Lookout cannot read; the message names the element or field. */
export class ChangeHistoryResponseError extends Error {
  readonly code = 'INVALID_RESPONSE';
  constructor(
    readonly operation: string,
    readonly issues: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`unreadable ${operation} response: ${issues.join('; ')}`, options);
    this.name = 'ChangeHistoryResponseError';
  }
}

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Static keys, or a provider such as the SDK's default chain (`route53Client.config.credentials`). */
export type CredentialsSource = AwsCredentials | (() => Promise<AwsCredentials>);

export interface ChangeHistoryClientOptions {
  /** Route 53 API endpoint; `https://route53.amazonaws.com` unless given (e.g. a local server). */
  endpoint?: string;
  /** Route 53 signs in us-east-1 whatever the control-plane location. */
  region?: 'us-east-1';
  credentials: CredentialsSource;
  fetch?: typeof fetch;
  /** Lookout's share of the account's Route 53 budget: one token per HTTP request, retries included. */
  limiter?: RateLimiter;
  /** Attempts per request when Route 53 throttles or fails transiently (default 4). */
  maxAttempts?: number;
  /** First backoff in ms, doubled per retry with full jitter, capped at 5 s (default 200). */
  baseDelayMs?: number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'PriorRequestNotComplete',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

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
export class ChangeHistoryClient {
  private readonly endpoint: URL;
  private readonly signer: SignatureV4;
  private readonly fetch: typeof fetch;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
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
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.baseDelayMs = options.baseDelayMs ?? 200;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
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
    const zone = stripZonePrefix(zoneId);
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
    const zone = stripZonePrefix(zoneId);
    const id = bareChangeId(changeId);
    const path = `/hostedzone/${zone}/changebatches/${encodeURIComponent(id)}`;
    const xml = await this.get('GetHostedZoneChangeBatch', zone, path, {});
    if (typeof xml !== 'string') return xml;
    const root = readXml(xml, 'GetHostedZoneChangeBatch');
    const body = xmlToObject(root);
    const changeBatch = isRecord(body.ChangeBatch) ? body.ChangeBatch : {};
    // The SDK types put the summary beside ChangeBatch; some servers put its fields inside ChangeBatch.
    const summary = body.ChangeBatchSummary ?? pick(changeBatch, SUMMARY_FIELDS);
    const parsed = validate(
      { ChangeBatchSummary: summary, ChangeBatch: changeBatch },
      'GetHostedZoneChangeBatch',
      getBatchSchema,
    );
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
    const zone = stripZonePrefix(zoneId);
    const recordName = `${name.toLowerCase().replace(/\.$/, '')}.`;
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
    for (let attempt = 1; ; attempt++) {
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
      if (!isRetryable(failure) || attempt >= this.maxAttempts) throw failure;
      const ceiling = Math.min(5_000, this.baseDelayMs * 2 ** (attempt - 1));
      await this.sleep(Math.round(this.random() * ceiling));
    }
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

/**
 * One ControlPlaneChange per change of a Change History batch (source `change-history`), attributed
 * to `SubmittedBy`. Ids are `<changeId>#<index>`; `requestId` is CloudTrail's `requestID`, so the
 * same call seen through CloudTrail can be matched. Route 53 keeps no before-values: an UPSERT's
 * `recordSet` is what it wrote, not what it replaced.
 *
 * @example
 * const changes = toControlPlaneChanges(zoneId, batch);
 * changes[0].writer.sessionName; // 'enactor-2'
 */
export function toControlPlaneChanges(zoneId: string, batch: ChangeBatchDetail): ControlPlaneChange[] {
  const zone = stripZonePrefix(zoneId);
  const writer = writerFromPrincipalArn(batch.submittedBy);
  return batch.changes.map((change, index) => ({
    id: `${batch.changeId}#${index}`,
    source: 'change-history',
    at: batch.submittedAt,
    action: change.action,
    recordSet: { ...change.recordSet, key: { ...change.recordSet.key, zoneId: zone } },
    writer,
    requestId: batch.requestId ?? '',
    changeId: batch.changeId,
    ...(batch.comment !== undefined ? { comment: batch.comment } : {}),
  }));
}

const IAM_USER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/;
const FEDERATED_USER_ARN = /^arn:aws[a-z-]*:sts::\d{12}:federated-user\/(.+)$/;

/**
 * The writer behind a principal ARN: role and session for an assumed-role session (two sessions of
 * one role are two writers), the user name for an IAM user, the name of a federated user.
 */
export function writerFromPrincipalArn(arn: string): Writer {
  const session = ASSUMED_ROLE_ARN.exec(arn);
  if (session)
    return { principalArn: arn, roleName: session[1] as string, sessionName: session[2] as string };
  const user = IAM_USER_ARN.exec(arn);
  if (user) return { principalArn: arn, roleName: user[1] as string };
  const federated = FEDERATED_USER_ARN.exec(arn);
  if (federated) return { principalArn: arn, sessionName: federated[1] as string };
  return { principalArn: arn };
}

// ---------------------------------------------------------------------------------------------------
// Response schemas (member names of the API reference), validated after the XML is read.

const text = z.string();
const intText = z
  .string()
  .regex(/^-?\d+$/, 'expected a whole number')
  .transform((value) => Number(value));
const boolText = z.enum(['true', 'false']).transform((value) => value === 'true');
const timestampText = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'expected a timestamp');
const actionText = z.enum(['CREATE', 'DELETE', 'UPSERT']);

const resourceRecordSetSchema = z.looseObject({
  Name: text.min(1),
  Type: text.min(1),
  SetIdentifier: text.optional(),
  Weight: intText.optional(),
  Region: text.optional(),
  GeoLocation: z
    .looseObject({
      ContinentCode: text.optional(),
      CountryCode: text.optional(),
      SubdivisionCode: text.optional(),
    })
    .optional(),
  Failover: z.enum(['PRIMARY', 'SECONDARY']).optional(),
  MultiValueAnswer: boolText.optional(),
  TTL: intText.optional(),
  ResourceRecords: z.array(z.looseObject({ Value: text })).optional(),
  AliasTarget: z
    .looseObject({ HostedZoneId: text, DNSName: text, EvaluateTargetHealth: boolText })
    .optional(),
  HealthCheckId: text.optional(),
});

const SUMMARY_FIELDS = [
  'ChangeId',
  'Operation',
  'SubmittedAt',
  'SubmittedBy',
  'RequestId',
  'Comment',
  'ChangeCount',
];

const summaryShape = {
  ChangeId: text.min(1),
  Operation: text.min(1),
  SubmittedAt: timestampText,
  SubmittedBy: text.min(1),
  RequestId: text.optional(),
};

const summarySchema = z.looseObject({
  ...summaryShape,
  Comment: text.optional(),
  ChangeCount: intText.optional(),
});

const listBatchesSchema = z.looseObject({
  ChangeBatchSummaries: z.array(summarySchema),
  NextToken: text.optional(),
});

const getBatchSchema = z.object({
  ChangeBatchSummary: summarySchema,
  ChangeBatch: z.looseObject({
    Comment: text.optional(),
    Changes: z.array(z.looseObject({ Action: actionText, ResourceRecordSet: resourceRecordSetSchema })),
  }),
});

const listChangesSchema = z.looseObject({
  ResourceRecordSetChanges: z.array(
    z.looseObject({ ...summaryShape, Action: actionText, ResourceRecordSet: resourceRecordSetSchema }),
  ),
  NextToken: text.optional(),
});

interface RawSummary {
  ChangeId: string;
  Operation: string;
  SubmittedAt: string;
  SubmittedBy: string;
  RequestId?: string | undefined;
  Comment?: string | undefined;
  ChangeCount?: number | undefined;
}

function toSummary(raw: RawSummary): ChangeBatchSummary {
  return {
    changeId: bareChangeId(raw.ChangeId),
    operation: raw.Operation,
    submittedAt: new Date(Date.parse(raw.SubmittedAt)).toISOString(),
    submittedBy: raw.SubmittedBy,
    ...(raw.RequestId ? { requestId: raw.RequestId } : {}),
    ...(raw.Comment !== undefined ? { comment: raw.Comment } : {}),
    ...(raw.ChangeCount !== undefined ? { changeCount: raw.ChangeCount } : {}),
  };
}

function toRecordSet(zoneId: string, set: z.infer<typeof resourceRecordSetSchema>): RecordSetContent {
  const sdk: ResourceRecordSet = {
    Name: set.Name,
    Type: set.Type as ResourceRecordSet['Type'],
    ...(set.SetIdentifier !== undefined ? { SetIdentifier: set.SetIdentifier } : {}),
    ...(set.Weight !== undefined ? { Weight: set.Weight } : {}),
    ...(set.Region !== undefined ? { Region: set.Region as ResourceRecordSet['Region'] } : {}),
    ...(set.GeoLocation !== undefined ? { GeoLocation: set.GeoLocation } : {}),
    ...(set.Failover !== undefined ? { Failover: set.Failover } : {}),
    ...(set.MultiValueAnswer !== undefined ? { MultiValueAnswer: set.MultiValueAnswer } : {}),
    ...(set.TTL !== undefined ? { TTL: set.TTL } : {}),
    ...(set.ResourceRecords !== undefined ? { ResourceRecords: set.ResourceRecords } : {}),
    ...(set.AliasTarget !== undefined ? { AliasTarget: set.AliasTarget } : {}),
    ...(set.HealthCheckId !== undefined ? { HealthCheckId: set.HealthCheckId } : {}),
  };
  return fromSdkRecordSet(zoneId, sdk);
}

function parseResponse<T extends z.ZodType>(xml: string, operation: string, schema: T): z.infer<T> {
  return validate(xmlToObject(readXml(xml, operation)), operation, schema);
}

function validate<T extends z.ZodType>(value: unknown, operation: string, schema: T): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.map(String).join('.') : '(response)';
    return `${field}: ${issue.message}`;
  });
  throw new ChangeHistoryResponseError(operation, issues, { cause: result.error });
}

function readXml(xml: string, operation: string): XmlNode {
  let root: XmlNode;
  try {
    root = parseXml(xml);
  } catch (error) {
    throw new ChangeHistoryResponseError(operation, [(error as Error).message], { cause: error });
  }
  if (root.name !== `${operation}Response`) {
    throw new ChangeHistoryResponseError(operation, [`expected <${operation}Response>, got <${root.name}>`]);
  }
  return root;
}

function readError(
  operation: string,
  status: number,
  body: string,
  headerRequestId: string | null,
): ChangeHistoryError {
  let code = `HTTP${status}`;
  let message = body.slice(0, 200) || `HTTP ${status} with an empty body`;
  let requestId = headerRequestId ?? undefined;
  try {
    const root = xmlToObject(parseXml(body));
    const error = isRecord(root.Error) ? root.Error : root;
    if (typeof error.Code === 'string' && error.Code) code = error.Code;
    if (typeof error.Message === 'string') message = error.Message;
    if (typeof root.RequestId === 'string' && root.RequestId) requestId = root.RequestId;
  } catch {
    // Not XML (a proxy's HTML page, say): keep the status-based code and the start of the body.
  }
  return new ChangeHistoryError(operation, code, status, message, requestId);
}

function isRetryable(error: ChangeHistoryError): boolean {
  return (
    THROTTLING_CODES.has(error.code) || error.status === 429 || error.status >= 500 || error.status === 0
  );
}

/** fetch rejects with TypeError on network failures and with a TimeoutError DOMException on timeout. */
function isTransportError(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof Error && error.name === 'TimeoutError');
}

function transportCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error && error.name === 'TimeoutError' ? 'TimeoutError' : 'NetworkError';
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

function bareChangeId(id: string): string {
  return id.replace(/^\/?change\//, '');
}

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => key in source).map((key) => [key, source[key]]));
}

// ---------------------------------------------------------------------------------------------------
// SHA-256 for the signer, from node:crypto (the SDK's own implementation is not a dependency here).

type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

class NodeSha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

// ---------------------------------------------------------------------------------------------------
// A small XML reader for Route 53's responses: elements and text; attributes (xmlns) are skipped,
// DTDs refused. Lists are the wrappers named in LIST_ELEMENTS, so an empty list is `[]`, not `''`.

interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

const LIST_ELEMENTS = new Set([
  'ChangeBatchSummaries',
  'ResourceRecordSetChanges',
  'Changes',
  'ResourceRecords',
]);
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Element → its text (a leaf), an array (a list wrapper) or an object of its children. */
function xmlToObject(node: XmlNode): Record<string, unknown> {
  const value = nodeValue(node);
  return isRecord(value) ? value : {};
}

function nodeValue(node: XmlNode): unknown {
  if (LIST_ELEMENTS.has(node.name)) return node.children.map(nodeValue);
  if (node.children.length === 0) return node.text;
  return Object.fromEntries(node.children.map((child) => [child.name, nodeValue(child)]));
}

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

function parseXml(source: string): XmlNode {
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  let index = 0;
  const endOf = (marker: string, from: number) => {
    const end = source.indexOf(marker, from);
    if (end < 0) throw new Error(`unterminated markup at offset ${from}`);
    return end + marker.length;
  };
  while (index < source.length) {
    const open = source.indexOf('<', index);
    const textEnd = open < 0 ? source.length : open;
    const top = stack.at(-1);
    if (textEnd > index) {
      const chunk = source.slice(index, textEnd);
      if (top) top.text += decodeEntities(chunk);
      else if (chunk.trim() !== '') throw new Error('text outside the root element');
    }
    if (open < 0) break;
    if (source.startsWith('<?', open)) index = endOf('?>', open);
    else if (source.startsWith('<!--', open)) index = endOf('-->', open);
    else if (source.startsWith('<![CDATA[', open)) {
      index = endOf(']]>', open);
      if (!top) throw new Error('CDATA outside the root element');
      top.text += source.slice(open + 9, index - 3);
    } else if (source.startsWith('<!', open)) throw new Error('DTDs are not accepted');
    else if (source[open + 1] === '/') {
      index = endOf('>', open);
      const name = localName(source.slice(open + 2, index - 1).trim());
      const closed = stack.pop();
      if (!closed || closed.name !== name) throw new Error(`unexpected closing tag </${name}>`);
      if (closed.children.length > 0) closed.text = closed.text.trim();
    } else {
      index = endOf('>', open);
      const inner = source.slice(open + 1, index - 1);
      const selfClosing = inner.endsWith('/');
      const name = localName((selfClosing ? inner.slice(0, -1) : inner).trim().split(/\s/, 1)[0] ?? '');
      if (name === '') throw new Error('empty tag name');
      const node: XmlNode = { name, children: [], text: '' };
      if (top) top.children.push(node);
      else if (root) throw new Error('more than one root element');
      else root = node;
      if (!selfClosing) stack.push(node);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed element <${stack.at(-1)?.name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

function localName(tag: string): string {
  const colon = tag.indexOf(':');
  return colon < 0 ? tag : tag.slice(colon + 1);
}
