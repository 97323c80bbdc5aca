import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseChannels } from '../../../lambda/domain/routing/choose-channels.js';
import { type RouteRule, ruleMatches } from '../../../lambda/domain/routing/route-rule.js';
import {
  ROUTE_SOURCES,
  type RouteSubject,
  routeSourceOf,
  routeSubjectOf,
} from '../../../lambda/domain/routing/route-subject.js';
import { SEVERITIES } from '../../../lambda/domain/routing/severity.js';
import { ALERT_KINDS } from '../../../lambda/domain/signals.js';

const empty: RouteSubject = {
  name: 'dynamodb.us-east-1.amazonaws.com',
  kind: 'EMPTY',
  severity: 'critical',
  source: 'dns',
};

describe('Function: chooseChannels', () => {
  it('sends an EMPTY on an AWS name to the team its name glob names', () => {
    // Prepare
    const rules: RouteRule[] = [
      { match: { sources: ['health'] }, channels: ['#aws'] },
      { match: { names: ['*.amazonaws.com'], kinds: ['EMPTY'] }, channels: ['#dns-team', '#sre'] },
    ];

    // Act
    const choice = chooseChannels(rules, empty, '#alerts');

    // Assess
    expect(choice).toEqual({ channels: ['#dns-team', '#sre'], rule: 1 });
  });

  it('falls back to the default channel, and to none when there is none', () => {
    const rules: RouteRule[] = [{ match: { kinds: ['FLAPPING'] }, channels: ['#noise'] }];
    expect(chooseChannels(rules, empty, '#alerts')).toEqual({ channels: ['#alerts'], rule: 'default' });
    expect(chooseChannels([], empty, undefined)).toEqual({ channels: [], rule: 'default' });
  });

  it('matches zones with or without /hostedzone/, and services in any case', () => {
    const r53: RouteSubject = { ...empty, source: 'route53', zoneId: 'Z0123' };
    expect(ruleMatches({ zones: ['/hostedzone/Z0123'] }, r53)).toBe(true);
    expect(ruleMatches({ zones: ['Z999'] }, r53)).toBe(false);
    expect(ruleMatches({ zones: ['Z0123'] }, empty)).toBe(false);
    const health: RouteSubject = { ...empty, kind: 'HEALTH_EVENT', source: 'health', service: 'DYNAMODB' };
    expect(ruleMatches({ services: ['dynamodb'], sources: ['health'] }, health)).toBe(true);
    expect(ruleMatches({ services: ['EC2'] }, health)).toBe(false);
  });

  it('needs every given field to match', () => {
    expect(ruleMatches({ names: ['*.amazonaws.com'], severities: ['low'] }, empty)).toBe(false);
    expect(ruleMatches({ names: ['*.amazonaws.com'], severities: ['low', 'critical'] }, empty)).toBe(true);
  });

  const subjects = fc
    .record({
      name: fc.constantFrom('dynamodb.us-east-1.amazonaws.com', 'api.example.com', 'www.example.org'),
      kind: fc.constantFrom(...ALERT_KINDS),
      severity: fc.constantFrom(...SEVERITIES),
      source: fc.constantFrom(...ROUTE_SOURCES),
      zoneId: fc.option(fc.constantFrom('Z1', 'Z2'), { nil: undefined }),
      service: fc.option(fc.constantFrom('DYNAMODB', 'EC2'), { nil: undefined }),
    })
    .map((s) => JSON.parse(JSON.stringify(s)) as RouteSubject);
  const rules = fc.array(
    fc.record({
      match: fc.record(
        {
          names: fc.array(fc.constantFrom('*.amazonaws.com', '*.example.com', 'api.*', '*'), {
            maxLength: 2,
          }),
          kinds: fc.array(fc.constantFrom(...ALERT_KINDS), { maxLength: 2 }),
          severities: fc.array(fc.constantFrom(...SEVERITIES), { maxLength: 2 }),
          sources: fc.array(fc.constantFrom(...ROUTE_SOURCES), { maxLength: 2 }),
          zones: fc.array(fc.constantFrom('Z1', 'Z2'), { maxLength: 1 }),
          services: fc.array(fc.constantFrom('dynamodb', 'EC2'), { maxLength: 1 }),
        },
        { requiredKeys: [] },
      ),
      channels: fc.array(fc.constantFrom('#a', '#b', '#c', '#d'), { minLength: 1, maxLength: 3 }),
    }),
    { maxLength: 6 },
  );

  it('property: the first matching rule wins, and no earlier rule matches', () => {
    fc.assert(
      fc.property(rules, subjects, (list, subject) => {
        const choice = chooseChannels(list, subject, '#default');
        const first = list.findIndex((r) => ruleMatches(r.match, subject));
        if (first === -1) {
          expect(choice).toEqual({ channels: ['#default'], rule: 'default' });
        } else {
          expect(choice.rule).toBe(first);
          expect(choice.channels).toEqual([...new Set(list[first]?.channels)]);
        }
      }),
    );
  });

  it('property: a default always answers, whatever the rules', () => {
    fc.assert(
      fc.property(rules, subjects, (list, subject) => {
        const choice = chooseChannels(list, subject, '#default');
        expect(choice.channels.length).toBeGreaterThan(0);
        // Appending a catch-all never changes a choice some rule already made.
        const withCatchAll = chooseChannels(
          [...list, { match: {}, channels: ['#all'] }],
          subject,
          '#default',
        );
        expect(withCatchAll.channels).toEqual(choice.rule === 'default' ? ['#all'] : choice.channels);
      }),
    );
  });
});

describe('Function: routeSubjectOf', () => {
  it('reads the zone and the Health service from the signal facts, and the source family', () => {
    expect(
      routeSubjectOf(
        { kind: 'EMPTY', source: 'cloudtrail', facts: { zoneId: 'Z1', name: 'x' } },
        'api.example.com',
        'critical',
      ),
    ).toEqual({
      name: 'api.example.com',
      kind: 'EMPTY',
      severity: 'critical',
      source: 'route53',
      zoneId: 'Z1',
    });
    expect(routeSourceOf('aws-health')).toBe('health');
    expect(routeSourceOf('trigger')).toBe('trigger');
    expect(routeSourceOf(undefined)).toBe('dns');
    expect(routeSourceOf('route53-snapshot')).toBe('route53');
  });
});
