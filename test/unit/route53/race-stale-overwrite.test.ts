import { describe, expect, it } from 'vitest';
import type { ControlPlaneChange } from '../../../lambda/domain/route53/control-plane-change.js';
import { emptyHistory, type RecordSetHistory } from '../../../lambda/domain/route53/history.js';
import { raceContext } from '../../../lambda/domain/route53/race/context.js';
import { detectStaleOverwrite } from '../../../lambda/domain/route53/race/stale-overwrite.js';
import { evaluateChange, raceDefaults } from '../../../lambda/domain/route53/race-signature.js';
import { change, KEY } from '../../support/route53-changes.js';

const PLAN_1 = ['10.0.0.1', '10.0.0.2'];
const PLAN_2 = ['10.0.0.3', '10.0.0.4'];

/** The history after `before`, and what the detector alone says about `last` read against it. */
function detect(before: ControlPlaneChange[], last: ControlPlaneChange) {
  let history: RecordSetHistory = emptyHistory(KEY);
  for (const c of before) history = evaluateChange(history, c).history;
  return detectStaleOverwrite(raceContext(history, last, raceDefaults));
}

describe('Detector: STALE_OVERWRITE', () => {
  it('fires when the newer version became current exactly one window before the write-back, not earlier', () => {
    // Prepare
    const plans = [change('enactor-1', 'UPSERT', PLAN_1, 0), change('enactor-1', 'UPSERT', PLAN_2, 100)];
    // Act
    const atEdge = detect(plans, change('enactor-3', 'UPSERT', PLAN_1, 700));
    const past = detect(plans, change('enactor-3', 'UPSERT', PLAN_1, 701));
    // Assess
    expect(atEdge?.kind).toBe('STALE_OVERWRITE');
    expect(atEdge?.facts).toMatchObject({
      staleVersion: expect.stringMatching(/^v1 \(/),
      newerVersion: expect.stringMatching(/^v2 \(/),
    });
    expect(past).toBeUndefined();
  });

  it('takes writing a record set back after it was deleted for a repair, not a stale plan', () => {
    // Prepare
    const deleted = [change('enactor-1', 'UPSERT', PLAN_1, 0), change('enactor-1', 'DELETE', PLAN_1, 10)];
    // Act
    const repair = detect(deleted, change('enactor-3', 'UPSERT', PLAN_1, 20));
    // Assess
    expect(repair).toBeUndefined();
  });
});
