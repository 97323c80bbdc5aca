import { describe, expect, it } from 'vitest';
import { ZoneDataError } from '../../../emulators/dns/errors.js';
import { StoreAccessError, StoreBusyError, StoreDamagedError } from '../../../emulators/dynamodb/errors.js';
import { Route53Error, errors as route53Errors } from '../../../emulators/route53/errors.js';
import { isLookoutError, LookoutError } from '../../../lambda/domain/errors.js';
import {
  InvalidDnsNameError,
  InvalidServerAddressError,
  UnsupportedRecordTypeError,
} from '../../../lambda/sources/dns/errors.js';
import {
  ChangeConflictError,
  ChangeHistoryError,
  ChangeHistoryResponseError,
  InvalidEventError,
  InvalidReplayInputError,
  XmlParseError,
} from '../../../lambda/sources/route53/errors.js';
import { namesInMinifiedBundle } from '../../support/minified.js';

const SCREAMING_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

/** One instance of every error class of sources/ and emulators/ whose code is Lookout's own. */
function ownCodes(cause: unknown): Array<[name: string, code: string, error: LookoutError]> {
  return [
    ['InvalidServerAddressError', 'INVALID_SERVER_ADDRESS', new InvalidServerAddressError('x', { cause })],
    ['UnsupportedRecordTypeError', 'UNSUPPORTED_RECORD_TYPE', new UnsupportedRecordTypeError('MX', ['A'])],
    ['InvalidDnsNameError', 'INVALID_DNS_NAME', new InvalidDnsNameError('')],
    [
      'ChangeConflictError',
      'CHANGE_CONFLICT',
      new ChangeConflictError('refused', 'Tried to delete', { cause }),
    ],
    [
      'InvalidEventError',
      'UNSUPPORTED_EVENT',
      new InvalidEventError('UNSUPPORTED_EVENT', 'e-1', ['s3'], { cause }),
    ],
    ['InvalidReplayInputError', 'INVALID_REPLAY_INPUT', new InvalidReplayInputError('line 2', 2, { cause })],
    [
      'ChangeHistoryResponseError',
      'INVALID_RESPONSE',
      new ChangeHistoryResponseError('op', ['a'], { cause }),
    ],
    ['XmlParseError', 'MALFORMED_XML', new XmlParseError('no root element')],
    ['StoreBusyError', 'STORE_BUSY', new StoreBusyError('/d', 'busy', { cause })],
    ['StoreDamagedError', 'STORE_DAMAGED', new StoreDamagedError('/d', 'damaged', { cause })],
    ['StoreAccessError', 'STORE_ACCESS_DENIED', new StoreAccessError('/d', 'denied', { cause })],
    ['ZoneDataError', 'ZONE_DATA_INVALID', new ZoneDataError('outside every zone')],
  ];
}

describe('Source and emulator error classes', () => {
  it('are each a LookoutError with a stable code, their own name and the cause they were given', () => {
    // Prepare
    const cause = new Error('from below');

    // Act
    const errors = ownCodes(cause);

    // Assess
    for (const [name, code, error] of errors) {
      expect(error).toBeInstanceOf(LookoutError);
      expect(error.code).toMatch(SCREAMING_SNAKE);
      expect(isLookoutError(error, code)).toBe(true);
      expect(error.name).toBe(name);
      if (error.cause !== undefined) expect(error.cause).toBe(cause);
    }
  });

  it('keep the service code for the errors that carry Route 53’s own', () => {
    // Act
    const history = new ChangeHistoryError('GetHostedZoneChangeBatch', 'NoSuchChange', 404, 'gone', 'r-1');
    const emulated = route53Errors.throttling();

    // Assess
    expect(isLookoutError(history, 'NoSuchChange')).toBe(true);
    expect(history).toMatchObject({ name: 'ChangeHistoryError', status: 404, requestId: 'r-1' });
    expect(emulated).toBeInstanceOf(Route53Error);
    expect(isLookoutError(emulated, 'Throttling')).toBe(true);
    expect(emulated).toMatchObject({ name: 'Route53Error', status: 400, type: 'Sender' });
  });

  it('keep their names in a minified bundle, as the Lambda functions are built', async () => {
    // Prepare: the Lambda bundling minifies, which renames classes; the adapters' errors ship in it.
    const entry = `
      import * as dns from '../../../lambda/sources/dns/errors.js';
      import * as route53 from '../../../lambda/sources/route53/errors.js';
      export const names = [
        new dns.InvalidServerAddressError('x'), new dns.UnsupportedRecordTypeError('x', []),
        new dns.InvalidDnsNameError('x'), new route53.ChangeConflictError('x', 'x'),
        new route53.InvalidEventError('INVALID_EVENT', undefined, []), new route53.InvalidReplayInputError('x'),
        new route53.ChangeHistoryError('x', 'x', 0, 'x'), new route53.ChangeHistoryResponseError('x', []),
        new route53.XmlParseError('x'),
      ].map((e) => e.name);`;

    // Act
    const names = await namesInMinifiedBundle(entry, new URL('.', import.meta.url));

    // Assess
    expect(names).toEqual([
      'InvalidServerAddressError',
      'UnsupportedRecordTypeError',
      'InvalidDnsNameError',
      'ChangeConflictError',
      'InvalidEventError',
      'InvalidReplayInputError',
      'ChangeHistoryError',
      'ChangeHistoryResponseError',
      'XmlParseError',
    ]);
  });
});
