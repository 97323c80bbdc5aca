import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidHealthEventError } from '../../../lambda/sources/health/errors.js';
import { refuseFutureUpdate } from '../../../lambda/sources/health/future-update.js';
import { parseHealthEvent } from '../../../lambda/sources/health/health-events.js';

const sample = (lastUpdatedTime: string) => {
  const event = JSON.parse(
    readFileSync(new URL('../../events/health/public-ec2-issue.json', import.meta.url), 'utf8'),
  );
  event.detail.lastUpdatedTime = lastUpdatedTime;
  return parseHealthEvent(event);
};
const NOW = new Date('2026-12-03T12:00:00.000Z');

describe('refuseFutureUpdate', () => {
  it('refuses a version time from the future in one line naming the field, as malformed input', () => {
    const event = sample('Fri, 15 Feb 2999 22:07:07 GMT');
    expect(() => refuseFutureUpdate(event, NOW)).toThrow(InvalidHealthEventError);
    expect(() => refuseFutureUpdate(event, NOW)).toThrow(
      'detail.lastUpdatedTime: 2999-02-15T22:07:07.000Z is more than an hour ahead of this clock (2026-12-03T12:00:00.000Z)',
    );
  });

  it('lets a past time and a little clock skew through', () => {
    for (const at of ['Thu, 03 Dec 2026 12:59:00 GMT', 'Wed, 15 Feb 2023 22:07:07 GMT']) {
      const event = sample(at);
      expect(refuseFutureUpdate(event, NOW)).toBe(event);
    }
  });
});
