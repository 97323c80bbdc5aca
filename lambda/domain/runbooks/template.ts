import type { Incident } from '../incident.js';
import { headlineSince } from '../incidents/headline.js';
import type { ResolverOutcome } from '../observation.js';
import { formatTime } from '../render/time.js';
import { RunbookError } from './errors.js';
import type { Runbook, RunbookStep } from './schema.js';

/**
 * Every placeholder a runbook may use. Closed on purpose: a typo such as `{{nmae}}` must fail when the
 * runbook is loaded, not render as `?` in the middle of an outage.
 */
export const TEMPLATE_VARS = [
  'name',
  'type',
  'targetId',
  'resolvers',
  'resolver',
  'ttl',
  'negativeTtl',
  'since',
  'kind',
  'latestKind',
  'incidentId',
  'baseline',
  'count',
  'transitions',
  'windowSeconds',
  'status',
  'channel',
  'zoneId',
  'setIdentifier',
  'writer',
  'writers',
  /** When clients that cached the bad answer recover (RECOVERED: first healthy probe + its TTL). */
  'clientsRecoverBy',
  'cacheTtl',
  /** AWS Health: the event's service (e.g. DYNAMODB), region, type code, ARN and its page in the console. */
  'service',
  'eventRegion',
  'eventTypeCode',
  'eventArn',
  'healthUrl',
] as const;
export type TemplateVar = (typeof TEMPLATE_VARS)[number];
export type TemplateValues = Partial<Record<TemplateVar, string | number | boolean>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;
const KNOWN = new Set<string>(TEMPLATE_VARS);

/** Placeholder names used in a text, in order of appearance. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/**
 * Throws a RunbookError naming the source, the field and the first unknown placeholder.
 * @example validateTemplates(runbook, 'runbooks/empty.yaml')
 */
export function validateTemplates(runbook: Runbook, source: string): void {
  const fields: [string, string | undefined][] = [['title', runbook.title]];
  runbook.steps.forEach((step, i) => {
    fields.push(
      [`steps.${i}.title`, step.title],
      [`steps.${i}.detail`, step.detail],
      [`steps.${i}.command`, step.command],
    );
  });
  for (const [field, text] of fields) {
    for (const name of placeholders(text ?? '')) {
      if (!KNOWN.has(name)) {
        throw new RunbookError(
          `${source}: ${field}: unknown placeholder {{${name}}} (known: ${TEMPLATE_VARS.join(', ')})`,
        );
      }
    }
  }
}

/**
 * Substitutes `{{var}}`. A value nobody observed (no negative TTL in the resolvers' answers, no baseline
 * yet) is said to be so, by name: a bare `?` in the middle of an outage reads like a number someone lost.
 */
export function renderTemplate(text: string, values: TemplateValues): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value = (values as Record<string, unknown>)[name];
    return value === undefined || value === '' || (typeof value === 'number' && !Number.isFinite(value))
      ? `[${name}: not observed]`
      : String(value);
  });
}

export function renderSteps(runbook: Runbook, values: TemplateValues): RunbookStep[] {
  return runbook.steps.map((step) => ({
    title: renderTemplate(step.title, values),
    ...(step.detail !== undefined ? { detail: renderTemplate(step.detail, values) } : {}),
    ...(step.command !== undefined ? { command: renderTemplate(step.command, values) } : {}),
    ...(step.action !== undefined ? { action: step.action } : {}),
  }));
}

function minOf(values: (number | undefined)[]): number | undefined {
  const defined = values.filter((v): v is number => typeof v === 'number');
  return defined.length ? Math.min(...defined) : undefined;
}

/** The headline problem's own facts first (what is wrong now), then those of the opening signal. */
function fact(incident: Incident, key: string): string | number | boolean | undefined {
  return incident.headline?.facts[key] ?? incident.facts[key];
}

/**
 * The facts a runbook can use, from the incident and the evidence that opened it. Facts recorded by the
 * detector win over values derived here, because they describe the moment the incident opened.
 */
export function templateValues(incident: Incident, evidence: ResolverOutcome[] = []): TemplateValues {
  const slash = incident.targetId.lastIndexOf('/');
  const name = slash > 0 ? incident.targetId.slice(0, slash) : incident.targetId;
  const type = slash > 0 ? incident.targetId.slice(slash + 1) : undefined;
  const resolvers = evidence.map((o) => o.resolver);
  const derived: TemplateValues = {
    name,
    type,
    targetId: incident.targetId,
    resolvers: resolvers.length ? resolvers.join(' ') : undefined,
    resolver: resolvers[0],
    ttl: minOf(evidence.map((o) => o.ttl)),
    negativeTtl: minOf(evidence.map((o) => o.negativeTtl)),
    since: headlineSince(incident),
    kind: incident.kind,
    latestKind: incident.headlineKind,
    incidentId: incident.id,
    status: incident.status,
    channel: incident.channel,
  };
  const values: TemplateValues = { ...derived, ...healthValues(incident) };
  for (const key of TEMPLATE_VARS) {
    const value = fact(incident, key);
    if (value !== undefined) values[key] = value;
  }
  // Runbook steps are read in Slack: the time in the one format, in UTC (a recorded non-time stays as it is).
  if (typeof values.since === 'string') values.since = formatTime(values.since);
  return values;
}

/**
 * An AWS Health event's facts under the names runbooks use; the console link is the event's own page in
 * the AWS Health Dashboard, made from its ARN (only when the event was seen).
 */
function healthValues(incident: Incident): TemplateValues {
  const arn = fact(incident, 'eventArn');
  const region = fact(incident, 'region');
  const typeCode = fact(incident, 'typeCode');
  return {
    ...(region !== undefined && typeof arn === 'string' ? { eventRegion: region } : {}),
    ...(typeCode !== undefined ? { eventTypeCode: typeCode } : {}),
    ...(typeof arn === 'string'
      ? {
          healthUrl: `https://health.aws.amazon.com/health/home#/account/event-log?eventID=${encodeURIComponent(arn)}&eventTab=details`,
        }
      : {}),
  };
}
