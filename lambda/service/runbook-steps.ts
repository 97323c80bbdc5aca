import type { TimelineEntry } from '../domain/incident.js';
import type { StepRef } from '../domain/render/runbook-steps.js';
import { type StepDoneBy, stepClaimId, stepDoneEntry } from '../domain/runbooks/step-done.js';
import * as z from '../shared/zod.js';
import { NotFoundError } from '../store/errors.js';
import type { Store } from '../store/store.js';
import { appendTimelineEntry } from './timeline-append.js';

/** A step's claim is kept for as long as anyone reads the incident: a step done stays done. */
const STEP_CLAIM_KEEP_MS = 400 * 24 * 3600_000;
const CLAIM_SOURCE = 'runbook-step';

const doneBySchema = z.object({
  by: z.string(),
  at: z.string(),
  facts: z.record(z.string(), z.string()),
});

export type StepOutcome =
  | { kind: 'done'; entry: TimelineEntry }
  /** Someone checked it off before: who and when (their entry written again if a crash lost it). */
  | { kind: 'already'; done: StepDoneBy };

/**
 * Checks a runbook step off once: one conditional write claims the step for the first person (it
 * remembers who and when), then the entry goes to the timeline and the outbox. A second press, by anyone,
 * finds the claim and is told who did it; it also writes the first person's entry again, which is a
 * no-op unless the first press stopped between its claim and its entry.
 */
export async function checkOffStep(
  deps: { store: Store; now: () => Date },
  ref: StepRef,
  actor: { by: string; facts: Record<string, string> },
): Promise<StepOutcome> {
  const { store } = deps;
  const incident = await store.incidents.get(ref.incidentId);
  if (!incident) throw new NotFoundError(`incident ${ref.incidentId}`);
  const now = deps.now();
  const mine: StepDoneBy = { by: actor.by, at: now.toISOString(), facts: actor.facts };
  const id = stepClaimId(ref);
  if (await store.requests.claim(CLAIM_SOURCE, id, now, STEP_CLAIM_KEEP_MS, JSON.stringify(mine))) {
    const entry = stepDoneEntry(ref, mine);
    await appendTimelineEntry(store, incident, entry, now);
    return { kind: 'done', entry };
  }
  const claim = await store.requests.get(CLAIM_SOURCE, id);
  const earlier = claim?.outcome ? doneBySchema.safeParse(JSON.parse(claim.outcome)) : undefined;
  if (!earlier?.success) throw new NotFoundError(`the record of runbook step ${id}`);
  await appendTimelineEntry(store, incident, stepDoneEntry(ref, earlier.data), now);
  return { kind: 'already', done: earlier.data };
}
