import { describe, expect, it } from 'vitest';
import { severityOfIncident } from '../../../lambda/domain/routing/incident-severity.js';
import { SEVERITIES, severityOf, severityRank } from '../../../lambda/domain/routing/severity.js';
import { incidentFixture } from '../../support/incidents.js';

describe('Function: severityOf', () => {
  it.each([
    ['EMPTY', 'critical'],
    ['UNREACHABLE', 'high'],
    ['STALE_OVERWRITE', 'high'],
    ['FLAPPING', 'medium'],
    ['DEGRADED', 'medium'],
    ['CONCURRENT_WRITERS', 'medium'],
    ['MISCONFIGURED', 'low'],
  ] as const)('gives %s the default %s', (kind, severity) => {
    expect(severityOf(kind)).toBe(severity);
  });

  it.each([
    ['issue', 'high'],
    ['investigation', 'medium'],
    ['accountNotification', 'low'],
    ['scheduledChange', 'low'],
  ])('grades an AWS Health %s as %s', (category, severity) => {
    expect(severityOf('HEALTH_EVENT', { category })).toBe(severity);
  });

  it('keeps HEALTH_EVENT high for a category it does not know, inherited names included', () => {
    expect(severityOf('HEALTH_EVENT', { category: 'somethingNew' })).toBe('high');
    expect(severityOf('HEALTH_EVENT', { category: 'constructor' })).toBe('high');
  });

  it('lets config override a kind and a Health category', () => {
    // Prepare
    const overrides = {
      kinds: { FLAPPING: 'low' as const },
      healthCategories: { issue: 'critical' as const },
    };

    // Act + Assess
    expect(severityOf('FLAPPING', {}, overrides)).toBe('low');
    expect(severityOf('HEALTH_EVENT', { category: 'issue' }, overrides)).toBe('critical');
    expect(severityOf('EMPTY', {}, overrides)).toBe('critical');
  });

  it('takes the severity a signal carries over the default, but not over config', () => {
    expect(severityOf('DEGRADED', { severity: 'low' })).toBe('low');
    expect(severityOf('DEGRADED', { severity: 'urgent' })).toBe('medium');
    expect(severityOf('DEGRADED', { severity: 'low' }, { kinds: { DEGRADED: 'high' } })).toBe('high');
  });

  it('ranks the scale most severe first', () => {
    expect([...SEVERITIES].sort((a, b) => severityRank(a) - severityRank(b))).toEqual([
      'critical',
      'high',
      'medium',
      'low',
    ]);
  });
});

describe('Function: severityOfIncident', () => {
  it('reads the stored severity, and the kind default for an incident stored before severities', () => {
    expect(severityOfIncident(incidentFixture({ kind: 'EMPTY', severity: 'low' }))).toBe('low');
    expect(severityOfIncident(incidentFixture({ kind: 'FLAPPING' }))).toBe('medium');
  });
});
