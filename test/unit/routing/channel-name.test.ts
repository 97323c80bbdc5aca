import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  incidentChannelName,
  isValidChannelName,
  MAX_CHANNEL_NAME,
  withSuffix,
} from '../../../lambda/domain/routing/channel-name.js';

describe('Function: incidentChannelName', () => {
  it('names the day, the service and the kind', () => {
    expect(
      incidentChannelName({
        prefix: 'inc',
        openedAt: '2026-12-02T06:48:00.000Z',
        name: 'dynamodb.us-east-1.amazonaws.com',
        kind: 'EMPTY',
      }),
    ).toBe('inc-20261202-dynamodb-empty');
  });

  it('turns what Slack refuses into hyphens', () => {
    expect(
      incidentChannelName({
        prefix: 'INC!',
        openedAt: '2026-12-02T00:00:00Z',
        name: 'AWS DynamoDB us-east-1',
        kind: 'HEALTH_EVENT',
      }),
    ).toBe('inc-20261202-aws-dynamodb-us-east-1-health_event');
  });

  it('property: every name is valid, leaves room for a suffix, and every suffix keeps it valid and distinct', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.string({ maxLength: 300 }),
        fc.constantFrom('EMPTY', 'UNREACHABLE', 'HEALTH_EVENT'),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }),
        fc.integer({ min: 2, max: 99 }),
        (prefix, name, kind, day, attempt) => {
          const base = incidentChannelName({ prefix, openedAt: day.toISOString(), name, kind });
          expect(isValidChannelName(base)).toBe(true);
          const next = withSuffix(base, attempt);
          expect(isValidChannelName(next)).toBe(true);
          expect(next.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME);
          expect(next).not.toBe(base);
          expect(next.endsWith(`-${attempt}`)).toBe(true);
          expect(withSuffix(base, 1)).toBe(base);
        },
      ),
    );
  });
});
