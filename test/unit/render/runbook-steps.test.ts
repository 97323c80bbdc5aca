import { describe, expect, it } from 'vitest';
import { blockProblem } from '../../../emulators/slack/slack-limits.js';
import { loadRunbooks } from '../../../lambda/config/load-runbooks.js';
import type { TimelineEntry } from '../../../lambda/domain/incident.js';
import { renderRootMessage } from '../../../lambda/domain/render/blocks.js';
import { RUNBOOK_STEP_FACT } from '../../../lambda/domain/render/markdown-export.js';
import {
  encodeStepRef,
  RUNBOOK_ID_FACT,
  RUNBOOK_STEP_DONE_ACTION,
  RUNBOOK_STEP_NUMBER_FACT,
  runbookBlocks,
  runbookStepsDone,
} from '../../../lambda/domain/render/runbook-steps.js';
import type { Runbook } from '../../../lambda/domain/runbooks/schema.js';
import { selectRunbook } from '../../../lambda/domain/runbooks/select.js';
import { incidentFixture } from '../../support/incidents.js';

const NOW = new Date('2025-10-20T09:53:30.000Z');
const incident = incidentFixture();

/** 30 steps (the schema's maximum), each with the longest title, detail and command the schema allows. */
const longRunbook: Runbook = {
  id: 'long',
  title: 'A long runbook',
  appliesTo: ['EMPTY'],
  steps: Array.from({ length: 30 }, (_, i) => ({
    title: `Step ${i} ${'t'.repeat(140)}`,
    detail: `<!channel> ${'d'.repeat(1988)}`,
    command: 'c'.repeat(1000),
    action: 'recheck' as const,
  })),
};

function doneEntry(step: number, runbookId: string, over: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    incidentId: incident.id,
    entryId: `runbook-step-${step}`,
    at: '2025-10-20T07:00:00.000Z',
    kind: 'NOTE',
    source: 'slack:U0ALICE (@alice)',
    text: `step ${step} done`,
    facts: {
      [RUNBOOK_STEP_FACT]: `${step}. a step`,
      [RUNBOOK_ID_FACT]: runbookId,
      [RUNBOOK_STEP_NUMBER_FACT]: step,
      slackUserId: 'U0ALICE',
    },
    ...over,
  };
}

function buttons(blocks: unknown[]): { action_id: string; value: string }[] {
  const json = JSON.stringify(blocks);
  return [...json.matchAll(/"action_id":"([^"]+)","text":\{[^}]*\},"value":"((?:[^"\\]|\\.)*)"/g)].map(
    (m) => ({
      action_id: m[1] as string,
      value: JSON.parse(`"${m[2]}"`) as string,
    }),
  );
}

describe('Function: runbookBlocks', () => {
  it('gives every step of the EMPTY runbook a Done button carrying incident, runbook and step', () => {
    // Prepare
    const runbook = selectRunbook(loadRunbooks({ env: {} }), 'EMPTY');
    // Act
    const blocks = runbookBlocks({ incident, runbook, maxBlocks: 40 });
    // Assess
    const done = buttons(blocks).filter((b) => b.action_id === RUNBOOK_STEP_DONE_ACTION);
    expect(done).toHaveLength(runbook?.steps.length ?? -1);
    expect(JSON.parse(done[2]?.value ?? '{}')).toMatchObject({ i: 'inc-1', r: 'dns-empty', n: 3 });
    expect(buttons(blocks).map((b) => b.action_id)).toContain('runbook_step_recheck');
  });

  it('checks a done step off with who and when, and drops its Done button', () => {
    // Prepare
    const runbook = selectRunbook(loadRunbooks({ env: {} }), 'EMPTY');
    const done = runbookStepsDone([doneEntry(2, 'dns-empty'), doneEntry(4, 'another-runbook')], 'dns-empty');
    // Act
    const blocks = runbookBlocks({ incident, runbook, done, maxBlocks: 40 });
    // Assess
    const step2 = JSON.stringify(blocks.find((b) => b.block_id === 'runbook-step-2'));
    expect(step2).toContain(':white_check_mark: _Done by <@U0ALICE> at 2025-10-20 07:00:00 UTC_');
    expect(step2).not.toContain(RUNBOOK_STEP_DONE_ACTION);
    const step4 = JSON.stringify(blocks.find((b) => b.block_id === 'runbook-step-4'));
    expect(step4).not.toContain('Done by');
    expect(step4).toContain(RUNBOOK_STEP_DONE_ACTION);
  });

  it("renders a resolved incident's steps without Done or action buttons, done steps still checked", () => {
    // Prepare
    const runbook = selectRunbook(loadRunbooks({ env: {} }), 'EMPTY');
    const done = runbookStepsDone([doneEntry(2, 'dns-empty')], 'dns-empty');
    const resolved = { ...incident, status: 'resolved' as const };
    // Act
    const blocks = runbookBlocks({ incident: resolved, runbook, done, maxBlocks: 40 });
    // Assess
    expect(buttons(blocks)).toEqual([]);
    expect(JSON.stringify(blocks)).toContain(':white_check_mark: _Done by <@U0ALICE>');
    expect(blocks.filter((b) => b.block_id?.startsWith('runbook-step-'))).toHaveLength(
      runbook?.steps.length ?? -1,
    );
  });

  it('offers no restore button while restore from Slack is not available', () => {
    // Prepare
    const runbook: Runbook = { ...longRunbook, steps: [{ title: 'Restore', action: 'restore' }] };
    // Act
    const blocks = runbookBlocks({ incident, runbook, maxBlocks: 40 });
    // Assess
    expect(buttons(blocks).map((b) => b.action_id)).toEqual([RUNBOOK_STEP_DONE_ACTION]);
  });

  it('keeps 30 long steps within Slack limits and lists the steps whose buttons did not fit', () => {
    // Prepare: 200 resolvers fill the evidence sections too
    const evidence = Array.from({ length: 200 }, (_, i) => ({
      resolver: `10.0.${Math.floor(i / 250)}.${i % 250}:53`,
      kind: 'NODATA' as const,
      values: [],
      rcode: 'NOERROR',
      latencyMs: 12,
    }));
    // Act
    const message = renderRootMessage({ incident, runbook: longRunbook, evidence, now: NOW });
    // Assess
    expect(blockProblem(message.blocks)).toBeUndefined();
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const json = JSON.stringify(message.blocks);
    expect(json).not.toContain('<!channel>');
    const rest = message.blocks.find((b) => 'block_id' in b && b.block_id === 'runbook-steps-rest');
    expect(JSON.stringify(rest)).toMatch(/steps \d+–30 are listed without their buttons/);
    for (const b of buttons(message.blocks)) {
      expect(b.action_id.length).toBeLessThanOrEqual(255);
      expect(b.value.length).toBeLessThanOrEqual(2000);
    }
    // The id line stays last.
    expect(JSON.stringify(message.blocks.at(-1))).toContain('Incident `inc-1`');
  });

  it('keeps a button value within 2,000 characters whatever the title', () => {
    // Act
    const value = encodeStepRef({ incidentId: 'inc-1', runbookId: 'r', step: 1, title: '"'.repeat(5000) });
    // Assess
    expect(value.length).toBeLessThanOrEqual(2000);
    expect(JSON.parse(value)).toMatchObject({ i: 'inc-1', r: 'r', n: 1 });
  });
});
