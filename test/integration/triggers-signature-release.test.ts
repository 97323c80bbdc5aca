import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TriggerEvent } from '../../lambda/domain/triggers/trigger-event.js';
import type { TriggerIngest, TriggerOutcome } from '../../lambda/engine/trigger-ingest.js';
import { type FunctionUrlResult, TriggerEndpoint } from '../../lambda/service/trigger-endpoint.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { recordingLog } from '../support/slack-fixtures.js';
import { functionUrlEvent, genericHeaders } from '../support/triggers.js';

const SECRETS = { generic: ['generic-secret'], pagerduty: ['pd-secret'], alertmanager: 'am-token' };

/** An ingest that answers each call with the next scripted outcome (an Error is thrown). */
function scriptedIngest(script: (TriggerOutcome | Error)[]) {
  const seen: TriggerEvent[] = [];
  const ingest = {
    async ingest(event: TriggerEvent): Promise<TriggerOutcome> {
      seen.push(event);
      const next = script.shift() ?? { outcome: 'opened', subject: 'trigger:generic:x' };
      if (next instanceof Error) throw next;
      return next;
    },
  } as unknown as TriggerIngest;
  return { ingest, seen };
}

describe('Generic trigger signature: spent only by a request that was applied (TriggerEndpoint + dynalite)', () => {
  let db: TestStore;
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);

  beforeEach(async () => {
    db = await startTestStore();
  });
  afterEach(() => db.close());

  function endpoint(ingest: TriggerIngest) {
    return new TriggerEndpoint({
      store: db.store,
      ingest,
      secrets: async () => SECRETS,
      runbookIds: new Set(),
      log: recordingLog(),
      now: () => now,
    });
  }
  const signed = () => {
    const raw = JSON.stringify({ name: 'checkout-api', summary: 'Error rate above 5%' });
    return functionUrlEvent('/trigger', raw, genericHeaders('generic-secret', raw, now));
  };
  const reason = (r: FunctionUrlResult) => (JSON.parse(r.body) as { reason: string }).reason;

  it('a resend of the same signed bytes after a 500 is applied, and only then is the signature spent', async () => {
    const { ingest, seen } = scriptedIngest([new Error('store unavailable')]);
    const triggers = endpoint(ingest);
    const event = signed();

    const failed = await triggers.handleFunctionUrl(event);
    const resent = await triggers.handleFunctionUrl(event);
    const replayed = await triggers.handleFunctionUrl(event);

    expect(failed.statusCode).toBe(500);
    expect(reason(failed)).toContain('retry');
    expect(resent.statusCode).toBe(200);
    expect(replayed.statusCode).toBe(401);
    expect(reason(replayed)).toBe('X-Lookout-Signature: already used (a replayed request)');
    expect(seen).toHaveLength(2);
  });

  it('a 503 "being applied; retry" leaves the signature usable for the retry it asks for', async () => {
    const { ingest } = scriptedIngest([{ outcome: 'in-progress', subject: 'trigger:generic:x' }]);
    const triggers = endpoint(ingest);
    const event = signed();

    const busy = await triggers.handleFunctionUrl(event);
    const retried = await triggers.handleFunctionUrl(event);

    expect(busy.statusCode).toBe(503);
    expect(retried.statusCode).toBe(200);
  });

  it('two identical requests at once: one applies, the other is refused as a replay', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    const ingest = {
      async ingest(): Promise<TriggerOutcome> {
        calls += 1;
        await held;
        return { outcome: 'opened', subject: 'trigger:generic:x' };
      },
    } as unknown as TriggerIngest;
    const triggers = endpoint(ingest);
    const event = signed();

    const first = triggers.handleFunctionUrl(event);
    const second = await triggers.handleFunctionUrl(event);
    release();

    expect(second.statusCode).toBe(401);
    expect((await first).statusCode).toBe(200);
    expect(calls).toBe(1);
  });
});
