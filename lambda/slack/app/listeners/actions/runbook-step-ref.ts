import type { StepRef } from '../../../../domain/render/runbook-steps.js';
import * as z from '../../../../shared/zod.js';
import { readCarriedJson } from '../../carried-json.js';
import type { SlackAppDeps } from '../../deps.js';
import { code } from '../../mrkdwn.js';

/** A step button's value as runbook-steps.ts encodes it (encodeStepRef). */
const valueSchema = z.object({
  i: z.string().check(z.minLength(1), z.maxLength(200)),
  r: z.string().check(z.minLength(1), z.maxLength(200)),
  n: z.number().check(z.int(), z.minimum(1), z.maximum(30)),
  t: z.string().check(z.maxLength(2000)),
});

/** The step a button is about, or undefined for a value Lookout did not render. */
export function parseStepRef(value: string | undefined): StepRef | undefined {
  const parsed = readCarriedJson(valueSchema, value);
  if (!parsed) return undefined;
  const { i, r, n, t } = parsed;
  return { incidentId: i, runbookId: r, step: n, title: t || `step ${n}` };
}

/** What a person reads when a button carries something Lookout cannot act on. */
export const UNREADABLE_STEP =
  'Lookout could not tell which runbook step this button is for (the message may be from an older Lookout). Nothing was changed; `/lookout show &lt;id&gt;` shows the incident.';

/** What a step button pressed on a resolved incident's message (rendered before the resolve) says. */
export function resolvedStepText(incidentId: string): string {
  return `Incident ${code(incidentId)} is already resolved; its runbook steps are a record now, so nothing was done or written.`;
}

/** The refusal for a step of a resolved incident, or undefined while it is open (or gone: the caller says so). */
export async function resolvedStepRefusal(
  deps: Pick<SlackAppDeps, 'store'>,
  incidentId: string,
): Promise<string | undefined> {
  const incident = await deps.store.incidents.get(incidentId);
  return incident?.status === 'resolved' ? resolvedStepText(incidentId) : undefined;
}
