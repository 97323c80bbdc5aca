import type { TriggerEvent, TriggerSender } from '../domain/triggers/trigger-event.js';
import { APPLIED_SOURCE, type TriggerIngest, type TriggerOutcome } from '../engine/trigger-ingest.js';
import type { ServiceDeps } from '../ports/service-deps.js';
import { parseAlertmanagerWebhook, verifyAlertmanagerBearer } from '../sources/triggers/alertmanager.js';
import {
  TriggerRefusedError,
  TriggerRouteError,
  TriggerUnauthorizedError,
  UnknownRunbookError,
} from '../sources/triggers/errors.js';
import { parseTriggerEventBridge } from '../sources/triggers/eventbridge.js';
import {
  parseGenericTrigger,
  TIMESTAMP_WINDOW_SECONDS,
  verifyGenericSignature,
} from '../sources/triggers/generic.js';
import { jsonBody, requestFromFunctionUrl, type TriggerRequest } from '../sources/triggers/http-request.js';
import { parsePagerDutyWebhook, verifyPagerDutySignature } from '../sources/triggers/pagerduty.js';
import type { TriggerSecrets } from '../sources/triggers/trigger-secrets.js';
import type { Store } from '../store/store.js';

/** Where each sender posts. */
export const TRIGGER_PATHS: Readonly<Record<string, TriggerSender>> = {
  '/trigger': 'generic',
  '/pagerduty': 'pagerduty',
  '/alertmanager': 'alertmanager',
};

/** A signed request is remembered past both ends of the timestamp window, so it can never be used twice. */
const SIGNATURE_KEEP_MS = 2 * TIMESTAMP_WINDOW_SECONDS * 1000 + 60_000;

const NOTHING_TO_RELEASE = async (): Promise<void> => {};

export interface TriggerResponseBody {
  ok: boolean;
  reason: string;
  results?: TriggerOutcome[];
}

export interface TriggerResponse {
  statusCode: number;
  body: TriggerResponseBody;
}

/** A Function URL answer: the status and a JSON reason. */
export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface TriggerEndpointDeps extends ServiceDeps {
  store: Store;
  ingest: TriggerIngest;
  /** Read per request (cached by the host): a rotated secret takes effect without a redeploy. */
  secrets: () => Promise<TriggerSecrets>;
  /** The ids of runbooks/*.yaml: a trigger naming another is refused (422) before anything is written. */
  runbookIds: ReadonlySet<string>;
}

/**
 * The on-call trigger endpoint: route → authenticate (401) → parse (400, the field named) → runbook
 * (422) → refuse a replayed signature (401) → apply each event once. Every refusal is one log line and
 * a JSON reason; nothing is written for a refused request.
 */
export class TriggerEndpoint {
  constructor(private readonly deps: TriggerEndpointDeps) {}

  /** A Lambda Function URL event, answered with status and JSON reason; never throws. */
  async handleFunctionUrl(event: unknown): Promise<FunctionUrlResult> {
    let response: TriggerResponse;
    try {
      response = await this.handle(requestFromFunctionUrl(event));
    } catch (error) {
      response = this.refusal(error, undefined);
    }
    return {
      statusCode: response.statusCode,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(response.body),
    };
  }

  async handle(request: TriggerRequest): Promise<TriggerResponse> {
    const sender = TRIGGER_PATHS[request.path.replace(/\/+$/, '')];
    try {
      if (!sender) {
        throw new TriggerRouteError(
          404,
          `no trigger at ${request.path}: POST to ${Object.keys(TRIGGER_PATHS).join(', ')}`,
        );
      }
      if (request.method !== 'POST')
        throw new TriggerRouteError(405, `${request.method}: triggers are POSTed`);
      const { events, release } = await this.read(sender, request);
      let results: TriggerOutcome[];
      try {
        results = await this.apply(events);
      } catch (error) {
        await release();
        throw error;
      }
      // 503 asks for a retry: the signature must still be good for it.
      if (results.some((r) => r.outcome === 'in-progress')) await release();
      return this.answer(sender, results);
    } catch (error) {
      return this.refusal(error, sender);
    }
  }

  /**
   * An EventBridge `lookout.trigger` event, through the same checks and ingest. An invalid one throws
   * (logged, naming the field): the async invoke retries, then leaves it in the dead-letter queue.
   */
  async handleEventBridge(input: unknown): Promise<TriggerOutcome[]> {
    try {
      const event = parseTriggerEventBridge(input);
      this.checkRunbooks([event]);
      return await this.apply([event]);
    } catch (error) {
      if (error instanceof TriggerRefusedError) {
        this.deps.log.warn('trigger event refused', { sender: 'eventbridge', reason: error.message, error });
      }
      throw error;
    }
  }

  private async read(
    sender: TriggerSender,
    request: TriggerRequest,
  ): Promise<{ events: TriggerEvent[]; release: () => Promise<void> }> {
    const secrets = await this.deps.secrets();
    const now = this.deps.now();
    let events: TriggerEvent[];
    let replay: string | undefined;
    if (sender === 'generic') {
      const verified = verifyGenericSignature(request, secrets.generic, now);
      replay = verified.replayKey;
      events = [
        parseGenericTrigger(jsonBody(request), {
          via: 'https',
          replayId: verified.replayKey,
          at: verified.signedAt.toISOString(),
        }),
      ];
    } else if (sender === 'pagerduty') {
      verifyPagerDutySignature(request, secrets.pagerduty);
      const parsed = parsePagerDutyWebhook(jsonBody(request));
      if ('ignored' in parsed) {
        this.deps.log.info('trigger ignored', { sender, reason: parsed.ignored });
        return { events: [], release: NOTHING_TO_RELEASE };
      }
      events = [parsed];
    } else {
      verifyAlertmanagerBearer(request, secrets.alertmanager);
      events = parseAlertmanagerWebhook(jsonBody(request), now);
    }
    this.checkRunbooks(events);
    if (!replay) return { events, release: NOTHING_TO_RELEASE };
    // Claimed before the apply, once the request is known good, so two copies racing cannot both apply;
    // given back if the apply fails or is busy, so the resend the 500/503 asks for is not a "replay".
    const source = `${APPLIED_SOURCE}-signature`;
    if (!(await this.deps.store.requests.claim(source, replay, now, SIGNATURE_KEEP_MS)))
      throw new TriggerUnauthorizedError('X-Lookout-Signature: already used (a replayed request)');
    const release = async () => {
      await this.deps.store.requests
        .release(source, replay, now)
        .catch((error: unknown) =>
          this.deps.log.error('trigger: could not give back the signature of a request not applied', error),
        );
    };
    return { events, release };
  }

  private checkRunbooks(events: readonly TriggerEvent[]): void {
    for (const event of events) {
      if (event.runbook && !this.deps.runbookIds.has(event.runbook)) {
        const known = [...this.deps.runbookIds].sort().join(', ');
        throw new UnknownRunbookError(`runbook: no runbook "${event.runbook}" (known: ${known})`);
      }
    }
  }

  private async apply(events: readonly TriggerEvent[]): Promise<TriggerOutcome[]> {
    const results: TriggerOutcome[] = [];
    for (const event of events) {
      const result = await this.deps.ingest.ingest(event);
      this.deps.log.info('trigger applied', {
        sender: event.sender,
        via: event.via,
        action: event.action,
        delivery: event.dedupId,
        ...result,
      });
      results.push(result);
    }
    return results;
  }

  private answer(sender: TriggerSender, results: TriggerOutcome[]): TriggerResponse {
    if (!results.length)
      return { statusCode: 200, body: { ok: true, reason: 'read; nothing to act on', results } };
    // Another copy of the same delivery holds it right now: a retry later finds it applied, or applies it.
    if (results.some((r) => r.outcome === 'in-progress')) {
      return {
        statusCode: 503,
        body: { ok: false, reason: 'the same delivery is being applied; retry', results },
      };
    }
    const summary = results.map(
      (r) => `${r.outcome} ${r.subject}${r.incidentId ? ` (${r.incidentId})` : ''}`,
    );
    return { statusCode: 200, body: { ok: true, reason: `${sender}: ${summary.join('; ')}`, results } };
  }

  private refusal(error: unknown, sender: TriggerSender | undefined): TriggerResponse {
    if (error instanceof TriggerRefusedError) {
      this.deps.log.warn('trigger refused', {
        sender,
        status: error.status,
        code: error.code,
        reason: error.message,
      });
      return { statusCode: error.status, body: { ok: false, reason: error.message } };
    }
    // The store or Slack's secret failed: 500, so the sender retries. A generic trigger's signature was
    // given back; a delivery the ingest had started stays leased until its lease ends (a retry meanwhile
    // gets 503), then applies, so nothing is lost and nothing applies twice.
    this.deps.log.error('trigger failed', error, { sender });
    return { statusCode: 500, body: { ok: false, reason: 'Lookout could not apply the trigger; retry' } };
  }
}
