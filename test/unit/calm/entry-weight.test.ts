import { describe, expect, it } from 'vitest';
import { type EntryWeight, entryWeight } from '../../../lambda/domain/calm/entry-weight.js';
import type { TimelineEntry, TimelineKind } from '../../../lambda/domain/incident.js';
import { noteIncident } from '../../../lambda/domain/incidents/note.js';
import { stepDoneEntry } from '../../../lambda/domain/runbooks/step-done.js';
import { restoreEntry } from '../../../lambda/service/route53/restore-steps.js';
import { incidentFixture } from '../../support/incidents.js';

function entry(kind: TimelineKind, source = 'dns-probe', text = 'something happened'): TimelineEntry {
  return { incidentId: 'inc-1', entryId: `${kind}-1`, at: '2025-10-20T07:48:12.000Z', kind, source, text };
}

/** Every TimelineKind (the Record type makes a new kind fail to compile until it is listed here). */
const EXPECTED: Record<Exclude<TimelineKind, 'NOTE'>, EntryWeight> = {
  OPENED: 'state-change',
  EMPTY: 'state-change',
  DEGRADED: 'state-change',
  FLAPPING: 'state-change',
  UNREACHABLE: 'state-change',
  CONCURRENT_WRITERS: 'state-change',
  STALE_OVERWRITE: 'state-change',
  MISCONFIGURED: 'state-change',
  HEALTH_EVENT: 'state-change',
  TRIGGERED: 'state-change',
  DECLARED: 'state-change',
  RECOVERED: 'state-change',
  ENDED: 'state-change',
  RESOLVED: 'state-change',
  ACKNOWLEDGED: 'state-change',
  AFFECTED: 'state-change',
  RECORD_ADDED: 'routine',
  RECORD_CHANGED: 'routine',
  RECORD_DELETED: 'routine',
  CHANGED: 'routine',
  HEALTH_UPDATE: 'routine',
};

describe('Function: entryWeight', () => {
  it.each(Object.entries(EXPECTED))('weighs %s as %s', (kind, weight) => {
    expect(entryWeight(entry(kind as TimelineKind))).toBe(weight);
  });

  it.each([
    ['slack:U0ALICE (@alice)', 'state-change'],
    ['cli:alice', 'state-change'],
    ['route53-snapshot', 'routine'],
    ['lookout', 'routine'],
    ['slack', 'routine'],
  ])('weighs a NOTE from %s as %s', (source, weight) => {
    expect(entryWeight(entry('NOTE', source))).toBe(weight);
  });

  it('posts a person’s note at once, as noteIncident writes it', () => {
    const { entries } = noteIncident(
      incidentFixture(),
      'slack:U0BOB (@bob)',
      '2025-10-20T07:50:00.000Z',
      'on it',
    );

    expect(entries.map(entryWeight)).toEqual(['state-change']);
  });

  it('posts every restore step at once, whoever restores', () => {
    const step = {
      step: 'submitted' as const,
      at: '2025-10-20T07:51:00.000Z',
      text: 'restore: submitted change C1',
    };
    const byPerson = restoreEntry({ attemptId: 'a1', incidentId: 'inc-1', by: 'cli:alice' }, step);
    const byOther = restoreEntry({ attemptId: 'a1', incidentId: 'inc-1', by: 'ops-bot' }, step);

    expect([byPerson, byOther].map((e) => entryWeight(e as TimelineEntry))).toEqual([
      'state-change',
      'state-change',
    ]);
  });

  it('posts a runbook step checked off at once', () => {
    const done = stepDoneEntry(
      { incidentId: 'inc-1', runbookId: 'empty', step: 2, title: 'Look at the writers' },
      { by: 'slack:U0ALICE (@alice)', at: '2025-10-20T07:52:00.000Z', facts: {} },
    );

    expect(entryWeight(done)).toBe('state-change');
  });

  it('never hides a kind it does not know: a newer kind is a state change', () => {
    expect(entryWeight({ ...entry('CHANGED'), kind: 'SOMETHING_NEW' as TimelineKind })).toBe('state-change');
  });
});
