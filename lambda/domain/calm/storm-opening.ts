import type { Incident } from '../incident.js';
import type { OpeningInput } from './storm.js';

/** `dynamodb.us-east-1.amazonaws.com` → `us-east-1` (AWS's regional endpoint names). */
const AWS_REGION_IN_NAME =
  /(?:^|\.)((?:[a-z]{2})(?:-gov|-iso[a-z]*)?-[a-z]+-\d)\.amazonaws\.com(?:\.cn)?(?:\/|$)/;

/**
 * What a storm counts of an incident when its root is placed: its kind, source, region (the AWS Health
 * event's, else the region in an AWS endpoint's name) and, for incidents correlated by cause, the cause
 * in words — every part read from the incident, none guessed.
 * @example const opening = stormOpening(incident, openingSource(incident));
 */
export function stormOpening(incident: Incident, source: string | undefined): Omit<OpeningInput, 'channel'> {
  const facts = incident.facts;
  const region =
    typeof facts.region === 'string' ? facts.region : AWS_REGION_IN_NAME.exec(incident.targetId)?.[1];
  const cause = causeOf(incident);
  return {
    incidentId: incident.id,
    openedAt: incident.openedAt,
    kind: incident.kind,
    source: source ?? 'unknown',
    ...(cause ? { cause } : {}),
    ...(region ? { region } : {}),
  };
}

function causeOf(incident: Incident): string | undefined {
  const shared = incident.cause;
  if (shared) {
    if (shared.all) return 'no resolver answering';
    const n = shared.resolvers.length;
    return `resolver${n === 1 ? '' : 's'} ${shared.resolvers.join(', ')} not answering`;
  }
  const zone = incident.facts.zoneId;
  if (typeof zone === 'string' && incident.kind !== 'HEALTH_EVENT') return `Route 53 zone ${zone}`;
  const arn = incident.facts.eventArn;
  const service = incident.facts.service;
  if (typeof arn === 'string' && typeof service === 'string' && incident.targetId !== `${arn}/HEALTH`)
    return `AWS Health event ${service}`;
  return undefined;
}
