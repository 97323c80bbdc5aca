import { describe, expect, it } from 'vitest';
import { resolveIncident } from '../../../lambda/domain/incidents/lifecycle.js';
import { templateValues } from '../../../lambda/domain/runbooks/template.js';
import { incidentFixture } from '../../support/incidents.js';

/** A time the way a person must never read it: ISO 8601 with its `T`, or a time with no zone after it. */
const UNNAMED_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d|\d\d:\d\d:\d\d(?! UTC)/;

describe('Times inside sentences', () => {
  it('names when and by whom an incident was already resolved, in the one format', () => {
    const incident = incidentFixture({
      status: 'resolved',
      resolvedAt: '2025-10-20T07:00:00.000Z',
      resolvedBy: 'alice',
    });
    expect(() => resolveIncident(incident, 'bob', '2025-10-20T08:00:00.000Z')).toThrow(
      'inc-1 is already resolved (2025-10-20 07:00:00 UTC by alice)',
    );
  });

  it('gives runbooks `since` in the one format (UTC: they are read in Slack)', () => {
    const values = templateValues(incidentFixture({ openedAt: '2025-10-20T06:48:00.000Z' }));
    expect(String(values.since)).not.toMatch(UNNAMED_TIME);
    expect(values.since).toMatch(/^2025-10-20 06:4\d:\d\d UTC$/);
  });
});
