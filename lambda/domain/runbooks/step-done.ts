import type { TimelineEntry } from '../incident.js';
import { entryIdFor } from '../incidents/ids.js';
import { RUNBOOK_STEP_FACT } from '../render/markdown-export.js';
import { RUNBOOK_ID_FACT, RUNBOOK_STEP_NUMBER_FACT, type StepRef } from '../render/runbook-steps.js';

/** Who checked a step off and when: what the step's claim remembers, so a repeat can be told and healed. */
export interface StepDoneBy {
  /** `slack:U0ALICE (@alice)`: the entry's source. */
  by: string;
  at: string;
  /** The actor's facts (Slack member id, how they were allowed). */
  facts: Record<string, string>;
}

/** The claim's key: one per step of one runbook of one incident, so a step is done once. */
export function stepClaimId(ref: Pick<StepRef, 'incidentId' | 'runbookId' | 'step'>): string {
  return `${ref.incidentId}#${ref.runbookId}#${ref.step}`;
}

/**
 * The timeline entry of a runbook step checked off: `step 3 "Look at …" done by slack:U… (@alice)`, with
 * RUNBOOK_STEP_FACT (read by the Markdown export and by the root, which checks the step off). Its id
 * depends on the step only, and `at` is the claim's, so writing it again (a repeat healing a crashed
 * first press) writes nothing new.
 */
export function stepDoneEntry(ref: StepRef, done: StepDoneBy): TimelineEntry {
  return {
    incidentId: ref.incidentId,
    entryId: entryIdFor(ref.incidentId, 'NOTE', `runbook-step#${stepClaimId(ref)}`),
    at: done.at,
    kind: 'NOTE',
    source: done.by,
    text: `step ${ref.step} "${ref.title}" done by ${done.by}`,
    facts: {
      ...done.facts,
      [RUNBOOK_STEP_FACT]: `${ref.step}. ${ref.title}`,
      [RUNBOOK_ID_FACT]: ref.runbookId,
      [RUNBOOK_STEP_NUMBER_FACT]: ref.step,
    },
  };
}
