import { normalizeDnsName } from '../../../domain/dns-name.js';
import { recheckEntry } from '../../../domain/incidents/recheck-entry.js';
import { isUsable, type Observation } from '../../../domain/observation.js';
import { formatTime, outcomeSummary } from '../../../domain/render/describe.js';
import { type Target, targetId } from '../../../domain/targets.js';
import type { CheckJob } from '../jobs.js';
import { code, escapeMrkdwn } from '../mrkdwn.js';
import type { SlackWorkerDeps } from './deps.js';

/** `/lookout check`: probes the name once from every resolver and answers with what each said. */
export async function runCheck(job: CheckJob, deps: SlackWorkerDeps): Promise<void> {
  const resolvers = await deps.resolvers();
  if (!resolvers.length) {
    await deps.respond(job.responseUrl, {
      text: `Lookout has no resolver to ask for ${code(job.name)}: the config's \`probe.resolvers\` is empty and this host has none.`,
    });
    return;
  }
  const target: Target = {
    id: targetId(job.name, job.type),
    name: normalizeDnsName(job.name),
    type: job.type,
    mode: 'exact',
    resolvers,
  };
  const observation = await deps.prober.probe(target);
  if (job.incident && deps.record) {
    // A runbook step's re-check: the answers go on the incident's timeline and, delivered, its thread.
    const recheck = { incidentId: job.incident.id, requestId: job.id, ...job.incident };
    await deps.record(recheckEntry(recheck, `${target.name} ${target.type}`, observation));
    await deps.deliver?.();
  }
  await deps.respond(job.responseUrl, { text: checkAnswer(target, observation) });
}

/** A verdict line counted from the outcomes, then one line per resolver in the CLI's words. */
export function checkAnswer(target: Target, observation: Observation): string {
  const { outcomes } = observation;
  const answered = outcomes.filter((o) => o.kind === 'ANSWER').length;
  const empty = outcomes.filter((o) => o.kind === 'NODATA' || o.kind === 'NXDOMAIN').length;
  const unusable = outcomes.filter((o) => !isUsable(o)).length;
  const counts = [
    `${answered} of ${outcomes.length} resolver${outcomes.length === 1 ? '' : 's'} answered with records`,
    ...(empty ? [`${empty} answered empty (NODATA/NXDOMAIN)`] : []),
    ...(unusable ? [`${unusable} gave no usable answer`] : []),
  ];
  const lines = outcomes.map((o) => `• ${code(o.resolver)} → ${escapeMrkdwn(outcomeSummary(o))}`);
  return [
    `*${code(target.name)} ${target.type}* at ${formatTime(observation.observedAt)}: ${counts.join('; ')}.`,
    ...lines,
  ].join('\n');
}
