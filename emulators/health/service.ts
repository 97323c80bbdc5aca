import { randomUUID } from 'node:crypto';
import type { AccountRateLimiter } from '../route53/throttling.js';
import { errors, HealthApiError, renderError } from './errors.js';
import type { HealthFaultQueue } from './faults.js';
import { OPERATIONS, TARGET_PREFIX } from './operations.js';
import type { PageTokens } from './pagination.js';
import { parseBody } from './request.js';
import type { HealthStore } from './state.js';

export type HealthRegion = 'us-east-1' | 'us-east-2';
export const HEALTH_REGIONS: readonly HealthRegion[] = ['us-east-1', 'us-east-2'];

/** How the passive endpoint answers: HTTP 503 `ServiceUnavailableException`, or the connection dropped. */
export type PassiveAnswer = 'unavailable' | 'reset';

export interface HealthRequestLogEntry {
  /** The endpoint that received it. */
  region: HealthRegion;
  operation: string;
  /** 0 when the connection was reset without an answer. */
  status: number;
  errorType?: string;
  accountId: string;
  accessKeyId?: string;
  requestId: string;
}

export interface HealthRequest {
  region: HealthRegion;
  target: string | undefined;
  authorization: string | undefined;
  body: string;
}

export type HealthAnswer = { status: number; body: string; requestId: string } | 'reset';

export interface HealthServiceDependencies {
  store: HealthStore;
  tokens: PageTokens;
  limiter: AccountRateLimiter;
  faults: HealthFaultQueue;
  activeRegion: () => HealthRegion;
  passiveAnswer: () => PassiveAnswer;
  /** Whether the account has a Business-level support plan. */
  subscribed: (accountId: string) => boolean;
  accountOf: (accessKeyId: string | undefined) => string;
  /** Called with each request once it is answered (or its connection dropped). */
  record: (entry: HealthRequestLogEntry) => void;
}

/** SigV4: `Credential=AKID/20260101/us-east-1/health/aws4_request`. */
export function credentialScope(
  authorization: string | undefined,
): { accessKeyId: string; region: string } | undefined {
  const match = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/[^/,\s]+\/aws4_request/.exec(authorization ?? '');
  return match?.[1] && match[2] ? { accessKeyId: match[1], region: match[2] } : undefined;
}

/**
 * The AWS JSON 1.1 service behind both regional endpoints, checking in this order: the target, the
 * credential scope against the endpoint's region, the passive endpoint, injected faults, the account's
 * token bucket, the support plan, then the operation's own validation.
 */
export class HealthService {
  constructor(private readonly deps: HealthServiceDependencies) {}

  handle(request: HealthRequest): HealthAnswer {
    const requestId = randomUUID();
    const target = request.target ?? '';
    const operation = target.startsWith(TARGET_PREFIX)
      ? target.slice(TARGET_PREFIX.length)
      : target || 'Unknown';
    const scope = credentialScope(request.authorization);
    const accountId = this.deps.accountOf(scope?.accessKeyId);
    const entry: HealthRequestLogEntry = {
      region: request.region,
      operation,
      status: 200,
      accountId,
      requestId,
    };
    if (scope) entry.accessKeyId = scope.accessKeyId;
    const answer = this.answer(request, operation, scope, entry);
    this.deps.record(entry);
    return answer;
  }

  private answer(
    request: HealthRequest,
    operation: string,
    scope: { region: string } | undefined,
    entry: HealthRequestLogEntry,
  ): HealthAnswer {
    const { requestId, accountId } = entry;
    const target = request.target ?? '';
    try {
      const handler = target.startsWith(TARGET_PREFIX) ? OPERATIONS.get(operation) : undefined;
      if (!handler) throw errors.unknownOperation();
      if (!scope) throw errors.missingAuthentication();
      if (scope.region !== request.region) throw errors.invalidSignature(scope.region, request.region);
      if (request.region !== this.deps.activeRegion()) {
        if (this.deps.passiveAnswer() === 'reset') return reset(entry);
        throw errors.passiveRegion(request.region);
      }
      const fault = this.deps.faults.take(operation, request.region);
      if (fault === 'reset') return reset(entry);
      if (fault instanceof HealthApiError) throw fault;
      if (!this.deps.limiter.take(accountId)) throw errors.throttling();
      if (!this.deps.subscribed(accountId)) throw errors.subscriptionRequired();
      const body = parseBody(request.body);
      const output = handler({ store: this.deps.store, tokens: this.deps.tokens, account: accountId, body });
      if (fault === 'repeat-token') repeatToken(output, body);
      return { status: 200, body: JSON.stringify(output), requestId };
    } catch (thrown) {
      const error =
        thrown instanceof HealthApiError
          ? thrown
          : errors.internalFailure(thrown instanceof Error ? thrown.message : String(thrown));
      entry.status = error.status;
      entry.errorType = error.type;
      return { status: error.status, body: renderError(error), requestId };
    }
  }
}

function reset(entry: HealthRequestLogEntry): 'reset' {
  entry.status = 0;
  entry.errorType = 'ConnectionReset';
  return 'reset';
}

/** The RepeatPageToken fault: the answer names the token it was asked with as its next one. */
function repeatToken(output: unknown, body: unknown): void {
  const asked = (body as { nextToken?: unknown } | undefined)?.nextToken;
  if (typeof asked === 'string' && output && typeof output === 'object') {
    (output as { nextToken?: string }).nextToken = asked;
  }
}
