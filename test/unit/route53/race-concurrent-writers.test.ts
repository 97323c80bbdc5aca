import { describe, expect, it } from 'vitest';
import type { ControlPlaneChange } from '../../../lambda/domain/route53/control-plane-change.js';
import { emptyHistory, type RecordSetHistory } from '../../../lambda/domain/route53/history.js';
import { detectConcurrentWriters } from '../../../lambda/domain/route53/race/concurrent-writers.js';
import { raceContext } from '../../../lambda/domain/route53/race/context.js';
import { evaluateChange, raceDefaults } from '../../../lambda/domain/route53/race-signature.js';
import { change, KEY } from '../../support/route53-changes.js';

/** The history after `before`, and what the detector alone says about `last` read against it. */
function detect(before: ControlPlaneChange[], last: ControlPlaneChange) {
  let history: RecordSetHistory = emptyHistory(KEY);
  for (const c of before) history = evaluateChange(history, c).history;
  return detectConcurrentWriters(raceContext(history, last, raceDefaults));
}

describe('Detector: CONCURRENT_WRITERS', () => {
  it('counts a second writer exactly one window after the first, and not one second later', () => {
    // Prepare
    const first = change('enactor-1', 'UPSERT', ['10.0.0.1'], 0);
    // Act
    const atEdge = detect([first], change('enactor-3', 'UPSERT', ['10.0.0.2'], 600));
    const past = detect([first], change('enactor-3', 'UPSERT', ['10.0.0.2'], 601));
    // Assess
    expect(atEdge?.kind).toBe('CONCURRENT_WRITERS');
    expect(atEdge?.facts).toMatchObject({
      writers: 'dns-enactor/enactor-1, dns-enactor/enactor-3',
      writes: 2,
    });
    expect(past).toBeUndefined();
  });

  it('stays quiet while its last alert is within the window, and alerts again once it has left', () => {
    // Prepare: enactor-1 and enactor-3 race at 0 s and 10 s (alerted at 10 s), then both write again.
    const race = [
      change('enactor-1', 'UPSERT', ['10.0.0.1'], 0),
      change('enactor-3', 'UPSERT', ['10.0.0.2'], 10),
      change('enactor-1', 'UPSERT', ['10.0.0.3'], 300),
    ];
    // Act
    const stillAlerted = detect(race, change('enactor-3', 'UPSERT', ['10.0.0.4'], 610));
    const alertExpired = detect(race, change('enactor-3', 'UPSERT', ['10.0.0.4'], 611));
    // Assess
    expect(stillAlerted).toBeUndefined();
    expect(alertExpired?.kind).toBe('CONCURRENT_WRITERS');
  });
});
