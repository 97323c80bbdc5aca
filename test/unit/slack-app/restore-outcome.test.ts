import { describe, expect, it } from 'vitest';
import { outcomeText } from '../../../lambda/slack/app/worker/restore.js';

const WHAT = '`db.example.test A`';
const STEPS = [{ step: 'submitted' as const, at: '2025-10-20T07:00:00.000Z', text: 'restore: submitted' }];

describe('Function: outcomeText', () => {
  it('names the change Route 53 gave', () => {
    // Act
    const text = outcomeText(WHAT, STEPS, { outcome: 'verified', changeId: 'C0123' });
    // Assess
    expect(text.split('\n')[0]).toBe('*Restored* `db.example.test A` (change `C0123`) and verified.');
  });

  it('leaves the change out when Route 53 gave no id, instead of a placeholder', () => {
    // Act
    const verified = outcomeText(WHAT, STEPS, { outcome: 'verified' });
    const unverified = outcomeText(WHAT, STEPS, { outcome: 'unverified' });
    // Assess
    expect(verified.split('\n')[0]).toBe('*Restored* `db.example.test A` and verified.');
    expect(unverified.split('\n')[0]).toBe(
      '*Submitted* `db.example.test A`, but it is not verified: see the steps.',
    );
    expect(`${verified}${unverified}`).not.toContain('?');
  });
});
