import { describe, expect, it } from 'vitest';
import {
  type Declaration,
  declaredSignal,
  declaredSubject,
} from '../../../lambda/domain/incidents/declared-signal.js';
import { openIncident } from '../../../lambda/domain/incidents/lifecycle.js';
import { noteIncident } from '../../../lambda/domain/incidents/note.js';
import { whatHappened } from '../../../lambda/domain/render/what-happened.js';
import { routeIncident } from '../../../lambda/domain/routing/route-incident.js';
import { incidentFixture } from '../../support/incidents.js';

const declaration: Declaration = {
  title: 'Checkout is down',
  severity: 'medium',
  affected: '  checkout API ',
  channel: 'C0CHOSEN',
  by: 'slack:U0ALICE (@alice)',
  at: '2026-12-02T14:00:00.000Z',
  origin: 'V0MODAL',
};

describe('Function: declaredSignal', () => {
  it('is a DECLARED trigger whose facts are only what the person gave', () => {
    const signal = declaredSignal(declaration);

    expect(signal).toMatchObject({
      kind: 'DECLARED',
      source: 'trigger',
      targetId: 'declared:V0MODAL',
      summary: 'Declared by slack:U0ALICE (@alice): Checkout is down (affects checkout API)',
      evidence: [],
      facts: {
        title: 'Checkout is down',
        severity: 'medium',
        declaredBy: 'slack:U0ALICE (@alice)',
        affected: 'checkout API',
      },
    });
  });

  it('opens the same incident id however often the same modal is submitted', () => {
    const subject = declaredSubject(declaration);
    const a = openIncident(declaredSignal(declaration), subject);
    const b = openIncident(declaredSignal(declaration), subject);

    expect(a.incident.id).toBe(b.incident.id);
    expect(openIncident(declaredSignal({ ...declaration, origin: 'V0OTHER' }), subject).incident.id).not.toBe(
      a.incident.id,
    );
  });

  it('routes to the chosen channel with the chosen severity, and tells what happened in the person’s words', () => {
    const signal = declaredSignal({ ...declaration, affected: undefined });
    const routed = routeIncident({
      signal,
      target: declaredSubject(declaration),
      routing: undefined,
      fallback: 'C0DEFAULT',
    });
    const { incident } = openIncident(signal, declaredSubject(declaration), routed.channel, routed.severity);

    expect(routed).toMatchObject({ channel: 'C0CHOSEN', severity: 'medium' });
    expect(incident.title).toBe('DECLARED: Checkout is down (medium)');
    expect(whatHappened(incident, [])).toBe('slack:U0ALICE (@alice) declared an incident: Checkout is down.');
  });
});

describe('Function: noteIncident', () => {
  it('is one NOTE entry naming its author, on a resolved incident too, and moves the version on', () => {
    const incident = incidentFixture({ status: 'resolved', version: 7 });

    const change = noteIncident(
      incident,
      'slack:U0ALICE (@alice)',
      '2030-01-01T00:00:00.000Z',
      'root cause: stale plan',
    );

    expect(change.incident.version).toBe(8);
    expect(change.incident.status).toBe('resolved');
    expect(change.entries).toEqual([
      expect.objectContaining({
        kind: 'NOTE',
        source: 'slack:U0ALICE (@alice)',
        text: 'Note by slack:U0ALICE (@alice): root cause: stale plan',
        at: '2030-01-01T00:00:00.000Z',
      }),
    ]);
  });
});
