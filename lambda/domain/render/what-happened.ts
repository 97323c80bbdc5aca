import { brokenChainText, commonChain } from '../cname-chain.js';
import type { Incident, IncidentCause, Problem, TimelineEntry } from '../incident.js';
import { causeWho, currentlyAffected } from '../incidents/cause-lifecycle.js';
import { activeOf } from '../incidents/headline.js';
import type { ResolverOutcome } from '../observation.js';
import { healthServiceName } from './health.js';
import { formatTime } from './time.js';

type Facts = Problem['facts'];
type Present = { name: string; t: string; f: Facts; evidence: ResolverOutcome[]; problem: Problem };

/**
 * One or two sentences saying what is wrong, built only from the facts of the problem the headline
 * describes (never from the signal that opened the incident, never from evidence its source did not
 * collect). A fact that was not collected leaves its clause out; nothing prints `?`.
 */
export function whatHappened(incident: Incident, evidence: ResolverOutcome[] = []): string {
  const problem = incident.headline ?? activeOf(incident)[0] ?? fallbackProblem(incident);
  const slash = incident.targetId.lastIndexOf('/');
  const name = slash > 0 ? incident.targetId.slice(0, slash) : incident.targetId;
  const type = slash > 0 ? incident.targetId.slice(slash + 1) : undefined;
  const endedAt = incident.headline?.endedAt;
  const now = incident.cause
    ? causeSentence(incident.cause, incident.status !== 'resolved' && !endedAt)
    : sentence({ name, t: type ?? 'the asked', f: problem.facts, evidence, problem });
  if (endedAt) return `Over since ${formatTime(endedAt)}. It was: ${now}`;
  if (incident.status === 'resolved') return `Resolved while this was still reported: ${now}`;
  return now;
}

/**
 * The sentence for one problem of the incident's target whatever its headline is: the root tells
 * Lookout's own observation beside AWS Health's when AWS's problem is the headline.
 */
export function problemSentence(
  incident: Incident,
  problem: Problem,
  evidence: ResolverOutcome[] = [],
): string {
  const slash = incident.targetId.lastIndexOf('/');
  const name = slash > 0 ? incident.targetId.slice(0, slash) : incident.targetId;
  const type = slash > 0 ? incident.targetId.slice(slash + 1) : undefined;
  return sentence({ name, t: type ?? 'the asked', f: problem.facts, evidence, problem });
}

function fallbackProblem(incident: Incident): Problem {
  return {
    kind: incident.headlineKind,
    family: 'dns-probe',
    source: 'dns-probe',
    since: incident.openedAt,
    facts: incident.facts,
  };
}

function sentence(p: Present): string {
  const { name, t, f } = p;
  switch (p.problem.kind) {
    case 'EMPTY':
      return p.problem.family === 'route53' ? route53Empty(p) : probeEmpty(p);
    case 'DEGRADED': {
      const numbers =
        typeof f.count === 'number' && typeof f.baseline === 'number'
          ? `: ${f.count} where the baseline is ${f.baseline}`
          : '';
      return `${name} answers with fewer ${t} records than usual${numbers}.`;
    }
    case 'FLAPPING': {
      const rate =
        typeof f.transitions === 'number' && typeof f.windowSeconds === 'number'
          ? `: ${f.transitions} transitions within ${f.windowSeconds} s`
          : '';
      const between = typeof f.flips === 'string' && f.flips ? ` (${f.flips})` : '';
      return `The ${t} answer for ${name} keeps changing${rate}${between}.`;
    }
    case 'UNREACHABLE':
      return `No resolver answered for ${name} — this is NOT evidence the record is empty; resolution itself is failing.`;
    case 'CONCURRENT_WRITERS': {
      const within = typeof f.windowSeconds === 'number' ? ` within ${f.windowSeconds} s` : '';
      const who = typeof f.writers === 'string' && f.writers ? `: ${f.writers}` : '';
      return `Several writers changed the ${t} record set of ${name}${within}${who}. Two automation workers racing on one record is how the October-2025 outage began.`;
    }
    case 'MISCONFIGURED': {
      const why = typeof f.problem === 'string' && f.problem ? `: ${f.problem}` : '';
      // The Health API poller's own configuration incident (no support plan) is about no zone at all.
      if (t === 'POLLER')
        return `Lookout's AWS Health API poller cannot read the Health API${why}. Missed EventBridge deliveries and the organization view are not polled until this is fixed; AWS Health events still arrive through EventBridge.`;
      return `Lookout cannot read hosted zone ${name}${why}. Its records are not being watched until this is fixed — this is a configuration problem, not an empty record.`;
    }
    case 'HEALTH_EVENT': {
      const service =
        typeof f.service === 'string' && f.service ? healthServiceName(f.service) : 'an AWS service';
      const where =
        f.region === 'global'
          ? ' (global)'
          : typeof f.region === 'string' && f.region
            ? ` in ${f.region}`
            : '';
      const title = typeof f.title === 'string' && f.title ? `: ${f.title}` : '';
      return `AWS Health reports an issue with ${service}${where}${title}.`;
    }
    case 'TRIGGERED': {
      // Only what the sender said: who paged, its own words, and the severity it gave.
      const who = typeof f.sender === 'string' && f.sender ? f.sender : 'An on-call trigger';
      const about = typeof f.name === 'string' && f.name ? f.name : name;
      const said = typeof f.summary === 'string' && f.summary ? `: ${f.summary}` : '';
      const severity =
        typeof f.senderSeverity === 'string' && f.senderSeverity ? ` (${f.senderSeverity})` : '';
      return `${who} triggered an alert for ${about}${severity}${said}`.replace(/([^.!?])$/, '$1.');
    }
    case 'DECLARED': {
      // Only what the person said: who declared it, the title and what they named as affected.
      const who = typeof f.declaredBy === 'string' && f.declaredBy ? f.declaredBy : 'Someone';
      const title = typeof f.title === 'string' && f.title ? f.title : name;
      const affected = typeof f.affected === 'string' && f.affected ? ` (affects ${f.affected})` : '';
      return `${who} declared an incident: ${title}${affected}`.replace(/([^.!?])$/, '$1.');
    }
    case 'STALE_OVERWRITE': {
      const versions = f.staleVersion && f.newerVersion ? ` (${f.staleVersion} over ${f.newerVersion})` : '';
      return `An older version of the ${t} record set of ${name} was written back over a newer one${versions}${f.writer ? ` by ${f.writer}` : ''}: the stale-plan pattern that emptied DynamoDB's record in October 2025.`;
    }
  }
}

/**
 * A cause incident: which resolvers stopped answering and how many targets that leaves without an
 * answer — while it lasts, those still affected; once over, all it ever affected.
 */
function causeSentence(cause: IncidentCause, ongoing: boolean): string {
  const total = cause.affected.length;
  const current = currentlyAffected(cause).length;
  const n = ongoing ? current : total;
  const inAll = ongoing && current < total ? ` (${total} in all)` : '';
  const count = `${n} target${n === 1 ? '' : 's'} affected${inAll}`;
  const notEmpty = 'this is NOT evidence that any record is empty.';
  if (cause.all) {
    return `No resolver answers: ${count}. Asked ${cause.resolvers.join(', ')}: this machine may be offline or its DNS path broken; ${notEmpty}`;
  }
  return `${causeWho(cause)} stopped answering: ${count} — ${notEmpty}`;
}

/** What resolvers said: NXDOMAIN or NODATA, through a CNAME chain when there was one. */
function probeEmpty({ name, t, f, evidence }: Present): string {
  // The problem's own facts, from the probe that raised it; evidence only for incidents stored before
  // those facts were kept (the evidence at hand may be another moment's).
  const rcodes = typeof f.rcodes === 'string' ? f.rcodes.split('/') : evidence.map((o) => o.kind as string);
  const nx = rcodes.includes('NXDOMAIN') && !rcodes.includes('NODATA');
  const votes =
    typeof f.emptyVotes === 'number' && typeof f.usable === 'number'
      ? ` (${f.emptyVotes} of ${f.usable} answering resolvers)`
      : '';
  const legacyChain =
    typeof f.rcodes === 'string'
      ? undefined
      : commonChain(evidence.filter((o) => o.kind === (nx ? 'NXDOMAIN' : 'NODATA')));
  const chain =
    typeof f.chain === 'string' && f.chain
      ? f.chain
      : legacyChain
        ? brokenChainText(legacyChain, nx ? 'NXDOMAIN' : 'NODATA')
        : undefined;
  if (chain) return `${chain} (${nx ? 'NXDOMAIN' : 'NODATA'})${votes}. Clients cannot connect.`;
  if (nx) return `${name} does not exist any more (NXDOMAIN)${votes}: resolvers say there is no such name.`;
  return `${name} exists but has no ${t} records (NODATA)${votes}: resolvers answer NOERROR with an empty answer. Clients cannot connect.`;
}

/** What Route 53 holds or was told: the deletion, not what any resolver said (none was asked). */
function route53Empty({ name, t, f, problem }: Present): string {
  const unconfirmed = 'not yet confirmed by a resolver';
  if (problem.source === 'cloudtrail' || problem.source === 'change-history') {
    const change = typeof f.changeId === 'string' && f.changeId ? ` ${f.changeId}` : '';
    const by = typeof f.writer === 'string' && f.writer ? ` (by ${f.writer})` : '';
    return `Route 53 change${change}${by} deleted the ${t} record set of ${name}; ${unconfirmed}.`;
  }
  const why =
    f.why === 'all-weights-zero'
      ? 'every weighted member has weight 0'
      : f.why === 'all-members-deleted'
        ? 'all members of its routing group were deleted'
        : 'the record set is gone from the zone';
  return `Route 53 holds no ${t} answer for ${name}: ${why} (seen in a zone snapshot); ${unconfirmed}.`;
}

/** The newest resolver evidence in a timeline (oldest first): what the headline is checked against. */
export function currentEvidence(timeline: readonly TimelineEntry[]): ResolverOutcome[] {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const evidence = timeline[i]?.evidence;
    if (evidence?.length) return evidence;
  }
  return [];
}
