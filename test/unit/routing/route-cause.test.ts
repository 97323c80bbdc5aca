import { describe, expect, it } from 'vitest';
import { chooseChannels } from '../../../lambda/domain/routing/choose-channels.js';
import { routeCauseIncident } from '../../../lambda/domain/routing/route-cause.js';
import { ruleMatches } from '../../../lambda/domain/routing/route-rule.js';
import { causeRouteSubject } from '../../../lambda/domain/routing/route-subject.js';

const signal = {
  kind: 'UNREACHABLE' as const,
  at: '2026-12-02T06:48:00.000Z',
  source: 'dns-probe',
  facts: { name: 'a.example.test', type: 'A' },
};
const cause = { id: 'resolver/10.0.0.1:53', name: '10.0.0.1:53' };

describe('Function: causeRouteSubject', () => {
  it('carries the kind, source, severity, the cause and the names of the targets it covers', () => {
    expect(causeRouteSubject(signal, cause.name, ['a.example.test', 'b.other.test'], 'high')).toEqual({
      name: '10.0.0.1:53',
      covers: ['a.example.test', 'b.other.test'],
      kind: 'UNREACHABLE',
      severity: 'high',
      source: 'dns',
    });
  });
});

describe('Function: ruleMatches (a cause incident)', () => {
  const subject = causeRouteSubject(signal, cause.name, ['a.example.test', 'b.other.test'], 'high');

  it('matches a name glob when any covered target matches it, or the cause itself', () => {
    expect(ruleMatches({ names: ['*.other.test'] }, subject)).toBe(true);
    expect(ruleMatches({ names: ['10.0.0.1:53'] }, subject)).toBe(true);
    expect(ruleMatches({ names: ['*.nowhere.test'] }, subject)).toBe(false);
  });

  it('still needs every other field of the rule to match', () => {
    expect(ruleMatches({ names: ['*.other.test'], kinds: ['EMPTY'] }, subject)).toBe(false);
    expect(ruleMatches({ names: ['*.other.test'], sources: ['dns'], severities: ['high'] }, subject)).toBe(
      true,
    );
    // No zone is known for a resolver's outage: a zone rule never takes it.
    expect(ruleMatches({ zones: ['Z123'] }, subject)).toBe(false);
  });

  it('keeps first-match-wins: an earlier rule matching one covered target takes it', () => {
    const rules = [
      { match: { names: ['*.other.test'] }, channels: ['#other'] },
      { match: { names: ['*.example.test'] }, channels: ['#example'] },
    ];
    expect(chooseChannels(rules, subject, '#alerts')).toEqual({ channels: ['#other'], rule: 0 });
  });
});

describe('Function: routeCauseIncident', () => {
  const routes = [
    { match: { names: ['*.example.test'], kinds: ['UNREACHABLE' as const] }, channels: ['#dns'] },
  ];

  it('routes by the targets it covers instead of always falling back to the default channel', () => {
    const routed = routeCauseIncident({
      signal,
      cause,
      covers: [{ name: 'a.example.test' }],
      routing: { routes },
      fallback: '#alerts',
    });
    expect(routed).toEqual({ severity: 'high', channel: '#dns', links: [] });
  });

  it('falls back to the default channel when no rule matches, and lets a covered target name its own channel', () => {
    const covers = [{ name: 'x.nowhere.test' }];
    expect(routeCauseIncident({ signal, cause, covers, routing: { routes }, fallback: '#alerts' })).toEqual({
      severity: 'high',
      channel: '#alerts',
      links: [],
    });
    const own = [{ name: 'a.example.test', channel: '#mine' }];
    expect(
      routeCauseIncident({ signal, cause, covers: own, routing: { routes }, fallback: '#alerts' }),
    ).toEqual({ severity: 'high', channel: '#mine', links: [] });
  });

  it('applies slack.severity and gives a configured severity a channel named for the cause', () => {
    const routed = routeCauseIncident({
      signal,
      cause,
      covers: [{ name: 'a.example.test' }],
      routing: {
        routes: [{ match: { severities: ['critical'] }, channels: ['#pager'] }],
        severity: { kinds: { UNREACHABLE: 'critical' } },
        incidentChannels: { severities: ['critical'], prefix: 'inc' },
      },
      fallback: '#alerts',
    });
    expect(routed).toEqual({
      severity: 'critical',
      channel: '#pager',
      links: [{ channel: '#pager' }],
      incidentChannel: { name: 'inc-20261202-resolver-10-0-0-1-53-unreachable', attempt: 1 },
    });
  });
});
