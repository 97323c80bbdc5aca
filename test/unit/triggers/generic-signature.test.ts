import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TriggerUnauthorizedError } from '../../../lambda/sources/triggers/errors.js';
import { verifyGenericSignature } from '../../../lambda/sources/triggers/generic.js';
import { genericHeaders, hmacHex, triggerFixture } from '../../support/triggers.js';

const NOW = new Date('2025-10-20T06:50:00Z');
const BODY = triggerFixture('generic-trigger.json');

function request(headers: Record<string, string>, body = BODY) {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { headers: lower, body: Buffer.from(body) };
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TriggerUnauthorizedError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('Function: verifyGenericSignature', () => {
  it('accepts HMAC-SHA256 of timestamp + body and returns the replay key and signing time', () => {
    // Prepare
    const headers = genericHeaders('s3cret', BODY, NOW);
    // Act
    const verified = verifyGenericSignature(request(headers), ['s3cret'], NOW);
    // Assess
    const signed = createHash('sha256')
      .update(headers['X-Lookout-Timestamp'] as string)
      .update(BODY);
    expect(verified.replayKey).toBe(signed.digest('hex'));
    expect(verified.signedAt.toISOString()).toBe('2025-10-20T06:50:00.000Z');
  });

  it('gives one replay key for one signed timestamp + body, whatever else the signature header lists or which secret signed', () => {
    // Prepare
    const headers = genericHeaders('new-secret', BODY, NOW);
    const valid = headers['X-Lookout-Signature'] as string;
    const oldSigned = genericHeaders('old-secret', BODY, NOW)['X-Lookout-Signature'] as string;
    const key = (signature: string, body = BODY, at = headers) =>
      verifyGenericSignature(
        request({ ...at, 'X-Lookout-Signature': signature }, body),
        ['new-secret', 'old-secret'],
        NOW,
      ).replayKey;
    // Act
    const keys = [
      key(valid),
      key(`v1=${'0'.repeat(64)},${valid}`),
      key(`${valid}, v1=${'f'.repeat(64)}`),
      key(valid.toUpperCase().replace('V1=', 'v1=')),
      key(oldSigned),
      key(`${oldSigned},${valid}`),
    ];
    // Assess
    expect(new Set(keys).size).toBe(1);
    const later = genericHeaders('new-secret', BODY, new Date(NOW.getTime() + 1000));
    expect(key(later['X-Lookout-Signature'] as string, BODY, later)).not.toBe(keys[0]);
    const other = BODY.replace('checkout-api', 'checkout-apx');
    const otherHeaders = genericHeaders('new-secret', other, NOW);
    expect(key(otherHeaders['X-Lookout-Signature'] as string, other, otherHeaders)).not.toBe(keys[0]);
  });

  it('refuses a signature made with another secret', () => {
    const headers = genericHeaders('other', BODY, NOW);
    expect(refusal(() => verifyGenericSignature(request(headers), ['s3cret'], NOW))).toMatch(
      /X-Lookout-Signature: does not match/,
    );
  });

  it('accepts the old secret while both are configured (rotation), and refuses it once removed', () => {
    const headers = genericHeaders('old-secret', BODY, NOW);
    expect(() => verifyGenericSignature(request(headers), ['new-secret', 'old-secret'], NOW)).not.toThrow();
    expect(() => verifyGenericSignature(request(headers), ['new-secret'], NOW)).toThrow(
      TriggerUnauthorizedError,
    );
  });

  it('refuses a timestamp more than 5 minutes old or ahead, naming the header', () => {
    const old = genericHeaders('s3cret', BODY, new Date(NOW.getTime() - 301_000));
    const ahead = genericHeaders('s3cret', BODY, new Date(NOW.getTime() + 301_000));
    const edge = genericHeaders('s3cret', BODY, new Date(NOW.getTime() - 300_000));
    expect(refusal(() => verifyGenericSignature(request(old), ['s3cret'], NOW))).toMatch(
      /^X-Lookout-Timestamp: \d+ is 301 s from now; a trigger must be signed within 300 s$/,
    );
    expect(refusal(() => verifyGenericSignature(request(ahead), ['s3cret'], NOW))).toMatch(/301 s from now/);
    expect(() => verifyGenericSignature(request(edge), ['s3cret'], NOW)).not.toThrow();
  });

  it('refuses a tampered body and a timestamp changed after signing', () => {
    const headers = genericHeaders('s3cret', BODY, NOW);
    const tampered = BODY.replace('checkout-api', 'checkout-apx');
    expect(refusal(() => verifyGenericSignature(request(headers, tampered), ['s3cret'], NOW))).toMatch(
      /does not match/,
    );
    const moved = { ...headers, 'X-Lookout-Timestamp': String(Number(headers['X-Lookout-Timestamp']) + 1) };
    expect(() => verifyGenericSignature(request(moved), ['s3cret'], NOW)).toThrow(/does not match/);
  });

  it('refuses unsigned requests, bad timestamps and an endpoint with no secret, each naming what is wrong', () => {
    const stamp = String(NOW.getTime() / 1000);
    expect(refusal(() => verifyGenericSignature(request({}), ['s3cret'], NOW))).toBe(
      'X-Lookout-Timestamp: missing (Unix seconds)',
    );
    expect(
      refusal(() => verifyGenericSignature(request({ 'X-Lookout-Timestamp': stamp }), ['s3cret'], NOW)),
    ).toMatch(/^X-Lookout-Signature: missing/);
    expect(
      refusal(() =>
        verifyGenericSignature(request({ 'X-Lookout-Timestamp': '2025-10-20' }), ['s3cret'], NOW),
      ),
    ).toBe('X-Lookout-Timestamp: expected Unix seconds, got "2025-10-20"');
    const signed = genericHeaders('s3cret', BODY, NOW);
    expect(refusal(() => verifyGenericSignature(request(signed), [], NOW))).toMatch(
      /no trigger secret is configured/,
    );
  });

  it('refuses a signature that is not hex of the right length without throwing anything else', () => {
    const headers = {
      ...genericHeaders('s3cret', BODY, NOW),
      'X-Lookout-Signature': `v1=${hmacHex('s3cret', BODY).slice(2)}`,
    };
    expect(() => verifyGenericSignature(request(headers), ['s3cret'], NOW)).toThrow(TriggerUnauthorizedError);
  });
});
