import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fqdn, normalizeDnsName } from '../../../lambda/domain/dns-name.js';
import { isLookoutError, LookoutError, NotFoundError } from '../../../lambda/domain/errors.js';
import { bareChangeId, bareZoneId } from '../../../lambda/domain/route53/ids.js';

describe('DNS names and Route 53 ids', () => {
  it('spells every variant of a name one way, idempotently', () => {
    expect(normalizeDnsName('DynamoDB.US-East-1.AmazonAWS.com.')).toBe('dynamodb.us-east-1.amazonaws.com');
    expect(fqdn('Example.COM')).toBe('example.com.');
    fc.assert(
      fc.property(fc.domain(), fc.boolean(), (name, dot) => {
        const once = normalizeDnsName(`${name.toUpperCase()}${dot ? '.' : ''}`);
        expect(once).toBe(name.toLowerCase());
        expect(normalizeDnsName(once)).toBe(once);
      }),
    );
  });

  it('strips the API prefixes from zone and change ids, and only those', () => {
    expect(bareZoneId('/hostedzone/Z123')).toBe('Z123');
    expect(bareZoneId('Z123')).toBe('Z123');
    expect(bareChangeId('/change/C0123')).toBe('C0123');
    expect(bareChangeId('change/C0123')).toBe('C0123');
    expect(bareChangeId('C0123')).toBe('C0123');
    expect(bareZoneId('/change/C1')).toBe('/change/C1');
  });
});

describe('LookoutError', () => {
  it('keeps a stable code, its class name and the cause', () => {
    const cause = new Error('ResourceNotFoundException');
    const error = new NotFoundError('incident i-1', { cause });
    expect(error).toBeInstanceOf(LookoutError);
    expect(error.name).toBe('NotFoundError');
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('incident i-1 not found');
    expect(error.cause).toBe(cause);
    expect(isLookoutError(error, 'NOT_FOUND')).toBe(true);
    expect(isLookoutError(error, 'OTHER')).toBe(false);
    expect(isLookoutError(cause)).toBe(false);
  });
});
