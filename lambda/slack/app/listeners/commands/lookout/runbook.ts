import type { Incident } from '../../../../../domain/incident.js';
import { truncate } from '../../../../../domain/render/limits.js';
import { currentEvidence } from '../../../../../domain/render/what-happened.js';
import type { Runbook, RunbookStep } from '../../../../../domain/runbooks/schema.js';
import { runbookFor, selectRunbook } from '../../../../../domain/runbooks/select.js';
import { renderSteps, renderTemplate, templateValues } from '../../../../../domain/runbooks/template.js';
import { ALERT_KINDS, type AlertKind } from '../../../../../domain/signals.js';
import { NotFoundError } from '../../../../../store/errors.js';
import { code, escapeMrkdwn } from '../../../mrkdwn.js';
import { noMoreThan, usageError } from './args.js';
import type { Subcommand, SubcommandRequest } from './subcommand.js';

/** Well within one Slack message (40,000), so a 30-step runbook is readable and never refused. */
const MAX_CHARS = 12_000;

export const runbook: Subcommand = {
  name: 'runbook',
  usage: '<kind|name> [id]',
  help: "a runbook by its name or an incident kind; with an incident id, filled in with that incident's facts",
  async run(request) {
    const [which, incidentId] = request.args;
    if (!which) throw usageError(request, runbook, 'Which runbook?');
    noMoreThan(request, runbook, 2);
    const { deps } = request;
    const runbooks = await deps.runbooks();
    const incident = incidentId ? await incidentOf(request, incidentId) : undefined;
    const chosen = choose(runbooks, which, incident);
    if (!chosen) {
      const names = runbooks.map((r) => r.id).sort();
      const known = names.length
        ? `Runbooks: ${names.map(code).join(', ')}`
        : 'Lookout has no runbooks loaded';
      throw usageError(
        request,
        runbook,
        `No runbook is named ${code(which)} or shown for that kind. ${known}; kinds: ${ALERT_KINDS.map(code).join(', ')}.`,
      );
    }
    const values = incident
      ? templateValues(incident.incident, currentEvidence(incident.timeline))
      : undefined;
    const steps = values ? renderSteps(chosen, values) : chosen.steps;
    const title = values ? renderTemplate(chosen.title, values) : chosen.title;
    const about = incident
      ? `for ${code(incident.incident.id)}`
      : `(as written: \`{{…}}\` is filled in with an incident's facts when you add its id)`;
    const head = truncate(`*Runbook ${code(chosen.id)}: ${escapeMrkdwn(title)}* ${about}`, MAX_CHARS / 4);
    return { text: fitSteps(head, steps.map(stepText)) };
  },
};

/** Whole steps while they fit; the steps left out are counted, never dropped silently. */
function fitSteps(head: string, stepLines: string[]): string {
  const TAIL_ROOM = 80;
  let text = head;
  for (const [index, line] of stepLines.entries()) {
    const next = `${text}\n${truncate(line, MAX_CHARS / 2)}`;
    if (next.length > MAX_CHARS - TAIL_ROOM) {
      const left = stepLines.length - index;
      return `${text}\n… ${left} more step${left === 1 ? '' : 's'} not shown here (the message has a size limit)`;
    }
    text = next;
  }
  return text;
}

async function incidentOf(request: SubcommandRequest, id: string) {
  try {
    return await request.deps.incidents.show(id);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const list = code(`${request.command.command} incidents`);
    throw usageError(request, runbook, `There is no incident ${code(id)}; ${list} lists their ids.`);
  }
}

/** By name first, then by kind (as the root would choose for it), else the incident's own runbook. */
function choose(
  runbooks: readonly Runbook[],
  which: string,
  incident: { incident: Incident } | undefined,
): Runbook | undefined {
  const named = runbooks.find((r) => r.id === which.toLowerCase());
  if (named) return named;
  const kind = which.toUpperCase();
  if (!isAlertKind(kind)) return undefined;
  if (incident && incident.incident.kind === kind) return runbookFor(runbooks, incident.incident);
  return selectRunbook(runbooks, kind);
}

function isAlertKind(kind: string): kind is AlertKind {
  return (ALERT_KINDS as readonly string[]).includes(kind);
}

function stepText(step: RunbookStep, i: number): string {
  const detail = step.detail ? `\n${escapeMrkdwn(step.detail)}` : '';
  const command = step.command ? `\n\`\`\`${escapeMrkdwn(step.command).replace(/```/g, "'''")}\`\`\`` : '';
  return `*${i + 1}. ${escapeMrkdwn(step.title)}*${detail}${command}`;
}
