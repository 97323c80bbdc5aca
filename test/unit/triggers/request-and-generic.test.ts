import { describe, expect, it } from 'vitest';
import { InvalidTriggerError, TriggerTooLargeError } from '../../../lambda/sources/triggers/errors.js';
import { parseTriggerEventBridge } from '../../../lambda/sources/triggers/eventbridge.js';
import { parseGenericTrigger } from '../../../lambda/sources/triggers/generic.js';
import {
  jsonBody,
  MAX_BODY_BYTES,
  requestFromFunctionUrl,
} from '../../../lambda/sources/triggers/http-request.js';
import { functionUrlEvent, triggerFixture } from '../../support/triggers.js';

const context = { via: 'https' as const, replayId: 'abc123', at: '2025-10-20T06:50:00.000Z' };

describe('Function: requestFromFunctionUrl', () => {
  it('decodes a base64 body to the bytes sent and lower-cases header names', () => {
    const raw = triggerFixture('generic-trigger.json');
    const request = requestFromFunctionUrl(
      functionUrlEvent('/trigger', raw, { 'X-Lookout-Timestamp': '1' }, { base64: true }),
    );
    expect(request.body.toString('utf8')).toBe(raw);
    expect(request.headers['x-lookout-timestamp']).toBe('1');
    expect(request).toMatchObject({ method: 'POST', path: '/trigger' });
  });

  it('takes exactly 256 KB and refuses one byte more (413), encoded or not', () => {
    const exact = 'x'.repeat(MAX_BODY_BYTES);
    expect(
      requestFromFunctionUrl(functionUrlEvent('/trigger', exact, {}, { base64: true })).body,
    ).toHaveLength(MAX_BODY_BYTES);
    expect(() => requestFromFunctionUrl(functionUrlEvent('/trigger', `${exact}x`, {}))).toThrow(
      TriggerTooLargeError,
    );
    expect(() =>
      requestFromFunctionUrl(functionUrlEvent('/trigger', `${exact}x`, {}, { base64: true })),
    ).toThrow('body: 262145 bytes is over the 262144-byte (256 KB) limit');
  });

  it('refuses an event that is not a Function URL event, and a body that is not JSON', () => {
    expect(() => requestFromFunctionUrl({ source: 'aws.events' })).toThrow(
      /^not a Function URL event: rawPath: /,
    );
    expect(() => jsonBody({ body: Buffer.from('{"name":') })).toThrow(/^body: not valid JSON/);
    expect(() => jsonBody({ body: Buffer.alloc(0) })).toThrow('body: empty; expected a JSON object');
  });
});

describe('Function: parseGenericTrigger', () => {
  it('reads the generic schema: the key defaults to the name, the time to the signing time, the id dedups', () => {
    expect(parseGenericTrigger({ name: 'checkout-api' }, context)).toEqual({
      sender: 'generic',
      via: 'https',
      action: 'trigger',
      dedupId: 'sig:abc123',
      key: 'checkout-api',
      name: 'checkout-api',
      at: '2025-10-20T06:50:00.000Z',
    });
    const full = parseGenericTrigger(JSON.parse(triggerFixture('generic-trigger.json')), context);
    expect(full).toMatchObject({ dedupId: 'id:deploy-42-rollback', runbook: 'dns-empty', severity: 'P2' });
    expect(parseGenericTrigger({ name: 'a', at: '2025-10-20T08:50:00+02:00' }, context).at).toBe(
      '2025-10-20T06:50:00.000Z',
    );
  });

  it('names the field of each mistake in one line', () => {
    const error = (raw: unknown) => {
      try {
        parseGenericTrigger(raw, context);
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidTriggerError);
        expect((e as Error).message).not.toMatch(/\n/);
        return (e as Error).message;
      }
      throw new Error('expected a refusal');
    };
    expect(error({})).toMatch(/^invalid trigger: name: /);
    expect(error({ name: 'a', action: 'close' })).toMatch(/^invalid trigger: action: /);
    expect(error({ name: 'a', runbook: 'DNS Empty' })).toMatch(
      /runbook: expected a runbook id such as on-call-trigger/,
    );
    expect(error({ name: 'a', at: 'yesterday' })).toMatch(/^invalid trigger: at: /);
    expect(error({ name: 'a', runbok: 'dns-empty' })).toMatch(/runbok/);
    expect(error([1])).toMatch(/^invalid trigger: /);
  });
});

describe('Function: parseTriggerEventBridge', () => {
  it('reads detail with the generic schema, its event id deduplicating and its time the trigger time', () => {
    const event = parseTriggerEventBridge(JSON.parse(triggerFixture('eventbridge-trigger.json')));
    expect(event).toMatchObject({
      sender: 'generic',
      via: 'eventbridge',
      dedupId: 'sig:eventbridge:6a7e8feb-b491-4cf7-a9f1-bf3703467718',
      name: 'payments-worker',
      severity: 'critical',
      at: '2025-10-20T06:51:00.000Z',
    });
  });

  it('names detail fields under detail', () => {
    const event = JSON.parse(triggerFixture('eventbridge-trigger.json'));
    expect(() => parseTriggerEventBridge({ ...event, detail: { name: 'x', colour: 'red' } })).toThrow(
      /detail.*colour/,
    );
    expect(() => parseTriggerEventBridge({ ...event, time: 'now' })).toThrow(
      /^invalid trigger event: time: /,
    );
  });
});
