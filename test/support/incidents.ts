import type { Incident } from '../../lambda/domain/incident.js';

/** An open EMPTY incident on dynamodb.us-east-1.amazonaws.com, as the engine would store it; override what a test needs. */
export function incidentFixture(over: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1',
    targetId: 'dynamodb.us-east-1.amazonaws.com/A',
    kind: 'EMPTY',
    headlineKind: 'EMPTY',
    status: 'open',
    title: 'EMPTY: dynamodb.us-east-1.amazonaws.com A',
    openedAt: '2025-10-20T06:48:00.000Z',
    updatedAt: '2025-10-20T06:48:00.000Z',
    facts: {},
    appliedSignals: [],
    openedBy: 'EMPTY#obs-test',
    version: 1,
    ...over,
  };
}
