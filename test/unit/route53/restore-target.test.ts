import { describe, expect, it } from 'vitest';
import { restoreTargetOf } from '../../../lambda/domain/route53/restore-target.js';

const ON = {
  restoreFromSlack: true,
  zones: [
    { id: 'Z0APP', names: ['www.example.test'] },
    { id: 'Z0OTHER', names: [] },
  ],
};
const incident = (over: Partial<Parameters<typeof restoreTargetOf>[0]> = {}) => ({
  targetId: 'api.example.test/A',
  status: 'open' as const,
  facts: { zoneId: 'Z0APP' } as Record<string, string | number | boolean>,
  ...over,
});

describe('Function: restoreTargetOf', () => {
  it('names the record set and the zone the Route 53 evidence names', () => {
    expect(restoreTargetOf(incident(), ON)).toEqual({ zoneId: 'Z0APP', name: 'api.example.test', type: 'A' });
  });

  it('takes a zone whose names list the record when the evidence names none (a DNS-probe incident)', () => {
    expect(restoreTargetOf(incident({ targetId: 'www.example.test/A', facts: {} }), ON)).toEqual({
      zoneId: 'Z0APP',
      name: 'www.example.test',
      type: 'A',
    });
  });

  it('takes the only configured zone when it is watched whole (names: [])', () => {
    // Prepare
    const whole = { restoreFromSlack: true, zones: [{ id: 'Z0ONLY', names: [] }] };
    // Act
    const target = restoreTargetOf(incident({ targetId: 'db.example.test/A', facts: {} }), whole);
    // Assess
    expect(target).toEqual({ zoneId: 'Z0ONLY', name: 'db.example.test', type: 'A' });
  });

  it.each([
    [
      'a name in none of two zones watched whole (which one holds it is unknown)',
      incident({ facts: {} }),
      {
        restoreFromSlack: true,
        zones: [
          { id: 'Z0ONE', names: [] },
          { id: 'Z0TWO', names: [] },
        ],
      },
    ],
    [
      'a name the only zone does not list, when it lists names',
      incident({ facts: {} }),
      { restoreFromSlack: true, zones: [{ id: 'Z0APP', names: ['www.example.test'] }] },
    ],
    ['restore from Slack is off', incident(), { ...ON, restoreFromSlack: false }],
    ['no route53 section', incident(), undefined],
    ['the incident is resolved', incident({ status: 'resolved' }), ON],
    ['a zone Lookout is not configured for', incident({ facts: { zoneId: 'Z0ELSE' } }), ON],
    ['a name no configured zone claims', incident({ facts: {} }), ON],
    [
      'a shared cause, not one record',
      incident({ cause: { resolvers: ['10.0.0.2:53'], all: false, affected: [] } }),
      ON,
    ],
  ])('offers no restore for %s', (_why, subject, settings) => {
    expect(restoreTargetOf(subject, settings)).toBeUndefined();
  });
});
