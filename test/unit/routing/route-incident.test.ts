import { describe, expect, it } from 'vitest';
import { routeIncident } from '../../../lambda/domain/routing/route-incident.js';

const signal = { kind: 'EMPTY' as const, at: '2026-12-02T06:48:00.000Z', source: 'dns-probe', facts: {} };
const target = { name: 'dynamodb.us-east-1.amazonaws.com' };
const routes = [{ match: { names: ['*.amazonaws.com'] }, channels: ['#dns-team', '#sre'] }];

describe('Function: routeIncident', () => {
  it('without routing config behaves as before: the target channel, else the default', () => {
    expect(routeIncident({ signal, target, fallback: '#alerts' })).toEqual({
      severity: 'critical',
      channel: '#alerts',
      links: [],
    });
    expect(routeIncident({ signal, target: { ...target, channel: '#mine' }, fallback: '#alerts' })).toEqual({
      severity: 'critical',
      channel: '#mine',
      links: [],
    });
    expect(routeIncident({ signal, target })).toEqual({ severity: 'critical', links: [] });
  });

  it('routes by rule: the first channel is home, the others get a link', () => {
    expect(routeIncident({ signal, target, routing: { routes }, fallback: '#alerts' })).toEqual({
      severity: 'critical',
      channel: '#dns-team',
      links: [{ channel: '#sre' }],
    });
  });

  it('gives a severity configured for incident channels a channel of its own, linked from every routed channel', () => {
    // Act
    const routed = routeIncident({
      signal,
      target,
      routing: { routes, incidentChannels: { severities: ['critical'], prefix: 'inc' } },
      fallback: '#alerts',
    });

    // Assess
    expect(routed).toEqual({
      severity: 'critical',
      channel: '#dns-team',
      links: [{ channel: '#dns-team' }, { channel: '#sre' }],
      incidentChannel: { name: 'inc-20261202-dynamodb-empty', attempt: 1 },
    });
  });

  it('gives other severities none, and lets config change the severity first', () => {
    const routing = {
      incidentChannels: { severities: ['critical' as const], prefix: 'inc' },
      severity: { kinds: { EMPTY: 'medium' as const } },
    };
    const routed = routeIncident({ signal, target, routing, fallback: '#alerts' });
    expect(routed).toEqual({ severity: 'medium', channel: '#alerts', links: [] });
  });
});
