import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sleep } from '../../lambda/shared/sleep.js';
import { LoopbackHttp } from '../loopback-http.js';
import { type CloudTrailEventBridgeEvent, cloudTrailEvent, type SubmittedAtStyle } from './cloudtrail.js';
import { errors, Route53Error, renderError } from './errors.js';
import type { FaultQueue } from './faults.js';
import { accessKeyIdOf, type PrincipalRegistry } from './identity.js';
import { matchRoute, type RequestContext } from './operations.js';
import type { Route53State } from './state.js';
import type { AccountRateLimiter } from './throttling.js';
import { XmlParseError } from './xml.js';

export interface HttpLayerDependencies {
  state: Route53State;
  principals: PrincipalRegistry;
  limiter: AccountRateLimiter;
  faults: FaultQueue;
  /** Reject access keys nobody registered (403 InvalidClientTokenId) instead of using the default principal. */
  strictCredentials: boolean;
  submittedAtStyle: SubmittedAtStyle;
  onCloudTrail: (event: CloudTrailEventBridgeEvent) => void;
  /** After a successful ChangeResourceRecordSets: which zone and names changed (the DNS mirror). */
  onApplied: (context: RequestContext) => void;
}

export interface RequestLogEntry {
  operation: string;
  status: number;
  errorCode?: string;
  caller: string;
  requestId: string;
  /** Server-side time from the request's arrival to the response being written. */
  durationMs: number;
}

/**
 * The REST-XML transport: routes `/2013-04-01/...` requests, attributes them to a caller from the
 * SigV4 Authorization header, applies the account rate limit and injected faults, and renders
 * every failure in Route 53's error XML. An unknown route is a 501 NotImplemented, never a crash.
 */
export class Route53HttpServer {
  private readonly http = new LoopbackHttp(
    (req, res) => this.handle(req, res),
    (res, error) => this.send(res, randomUUID(), errors.internalFailure(String(error))),
  );
  readonly log: RequestLogEntry[] = [];

  constructor(private readonly deps: HttpLayerDependencies) {}

  start(host = '127.0.0.1', port = 0): Promise<string> {
    return this.http.start(host, port);
  }

  get endpoint(): string {
    return this.http.endpoint;
  }

  stop(): Promise<void> {
    return this.http.stop();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const arrived = performance.now();
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://route53.amazonaws.com');
    const matched = matchRoute(req.method ?? 'GET', url.pathname);
    const operation = matched?.route.operation ?? 'Unknown';
    const accessKeyId = accessKeyIdOf(req.headers.authorization);
    const caller = this.deps.principals.identify(accessKeyId);
    const context: RequestContext = {
      state: this.deps.state,
      params: matched?.params ?? [],
      query: url.searchParams,
      body,
      caller,
      requestId,
      notes: {},
    };
    let failure: Route53Error | undefined;
    try {
      if (this.deps.strictCredentials && (!accessKeyId || !this.deps.principals.has(accessKeyId))) {
        throw errors.invalidClientTokenId();
      }
      if (!matched) throw errors.notImplemented(`${req.method} ${url.pathname}`);
      if (!this.deps.limiter.take(caller.accountId)) throw errors.throttling();
      const fault = this.deps.faults.take(operation);
      if (fault?.delayMs) await sleep(fault.delayMs);
      if (fault?.reset) {
        req.socket.destroy();
        const durationMs = performance.now() - arrived;
        this.log.push({
          operation,
          status: 0,
          errorCode: 'ConnectionReset',
          caller: caller.arn,
          requestId,
          durationMs,
        });
        return;
      }
      if (fault?.error) throw fault.error;
      const xml = matched.route.handle(context);
      this.send(res, requestId, xml);
      if (operation === 'ChangeResourceRecordSets') this.deps.onApplied(context);
    } catch (thrown) {
      failure = toRoute53Error(thrown);
      this.send(res, requestId, failure);
    }
    const status = failure?.status ?? 200;
    const durationMs = performance.now() - arrived;
    const errorCode = failure ? { errorCode: failure.code } : {};
    this.log.push({ operation, status, ...errorCode, caller: caller.arn, requestId, durationMs });
    if (operation === 'ChangeResourceRecordSets') this.emitCloudTrail(req, context, failure);
  }

  private emitCloudTrail(
    req: IncomingMessage,
    context: RequestContext,
    failure: Route53Error | undefined,
  ): void {
    this.deps.onCloudTrail(
      cloudTrailEvent({
        eventName: 'ChangeResourceRecordSets',
        identity: context.caller,
        at: context.notes.changeInfo?.submittedAt ?? new Date(),
        requestId: context.requestId,
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        userAgent: String(req.headers['user-agent'] ?? ''),
        hostedZoneId: (context.params[0] ?? '').replace(/^\/hostedzone\//, ''),
        changeBatch: context.notes.changeBatch,
        submittedAtStyle: this.deps.submittedAtStyle,
        ...(context.notes.changeInfo && !failure
          ? { changeInfo: { ...context.notes.changeInfo, status: 'PENDING' } }
          : {}),
        ...(failure ? { error: { code: failure.code, message: failure.message } } : {}),
      }),
    );
  }

  private send(res: ServerResponse, requestId: string, payload: string | Route53Error): void {
    const isError = payload instanceof Route53Error;
    const body = isError ? renderError(payload, requestId) : payload;
    res.writeHead(isError ? payload.status : 200, {
      'content-type': 'text/xml',
      'content-length': Buffer.byteLength(body),
      'x-amzn-requestid': requestId,
    });
    res.end(body);
  }
}

function toRoute53Error(thrown: unknown): Route53Error {
  if (thrown instanceof Route53Error) return thrown;
  if (thrown instanceof XmlParseError) return errors.malformedInput(thrown.message);
  return errors.internalFailure(thrown instanceof Error ? thrown.message : String(thrown));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
