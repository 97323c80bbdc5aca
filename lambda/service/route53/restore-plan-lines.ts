import { versionOrigin } from '../../domain/route53/history.js';
import { describeContent, describeKey } from './restore-steps.js';
import type { PreparedRestore } from './restore-types.js';

/**
 * The plan as a person reviews it before confirming, the same words in the terminal (`lookout
 * restore`) and in Slack's confirmation modal; times in `timeZone` (UTC when absent).
 */
export function planLines(prepared: PreparedRestore, timeZone?: string): string[] {
  const { good } = prepared;
  const lines = [
    `${describeKey(prepared.key)} in ${prepared.key.zoneId}${prepared.incidentId ? ` (incident ${prepared.incidentId})` : ' (no open incident)'}`,
    `  Route 53 now:     ${prepared.current ? describeContent(prepared.current) : '(absent)'}`,
    `  last-known-good:  ${describeContent(good.content)} — version ${prepared.goodVersion}, ${versionOrigin(good, timeZone)}`,
    '  plan (one atomic change batch):',
  ];
  for (const change of prepared.plan.changes) {
    lines.push(`    ${change.action.padEnd(6)} ${describeContent(change.recordSet)}`);
  }
  lines.push(`  ${prepared.plan.summary}`, `  comment: ${prepared.plan.comment}`);
  return lines;
}
