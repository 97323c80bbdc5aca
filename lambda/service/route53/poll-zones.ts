import type { Route53Config } from '../../config/config-schema.js';
import type { Signal } from '../../domain/signals.js';
import type { IncidentSubject } from '../../domain/targets.js';
import type { ControlPlaneIngest } from '../../engine/control-plane-ingest.js';
import type { IncidentWriter } from '../../engine/incident-writer.js';
import type { ChangeHistoryReader } from '../../ports/change-history.js';
import type { Log } from '../../ports/log.js';
import type { Store } from '../../store/store.js';
import { readChangeHistory } from './change-history-reader.js';
import { checkPosture, type PostureCheckDependencies, type PostureReport } from './posture-check.js';
import type { PollResult, ZonePoller } from './zone-poller.js';

export interface PollSummary {
  results: PollResult[];
  /** Zones that are gone or not readable: configuration problems, reported, never EMPTY incidents. */
  misconfigured: { zoneId: string; problem: string }[];
  /** Zones whose snapshot failed this time (logged with the error): retried on the next poll. */
  failures: { zoneId: string; error: Error }[];
  /** What protects each zone (Accelerated Recovery, Change History), when asked for. */
  posture?: PostureReport;
}

const CONFIGURATION_ERRORS = new Set([
  'NoSuchHostedZone',
  'AccessDenied',
  'AccessDeniedException',
  'InvalidInput',
]);

/** A configured zone as an incident subject: its problems are about the zone, not any record in it. */
export function zoneSubject(zoneId: string, channel?: string): IncidentSubject {
  return { id: `zone/${zoneId}`, name: zoneId, type: 'hosted zone', ...(channel ? { channel } : {}) };
}

/**
 * Polls every configured zone; one zone's failure never stops the others. A zone that is gone or not
 * readable is reported once, as a MISCONFIGURED incident (its deterministic signal makes later polls a
 * no-op), and resolved when the zone can be read again — never as EMPTY records.
 */
export async function pollZones(
  poller: ZonePoller,
  config: Route53Config,
  deps: {
    store: Store;
    writer: IncidentWriter;
    log: Log;
    now: () => Date;
    channel?: string;
    /** Reads Change History after each snapshot (ADVANCED zones); absent = CloudTrail only. */
    changeHistory?: { client: ChangeHistoryReader; ingest: ControlPlaneIngest };
    /** Reports each zone's protection posture after polling (the gaps as warnings, in plain words). */
    posture?: PostureCheckDependencies;
  },
): Promise<PollSummary> {
  const summary: PollSummary = { results: [], misconfigured: [], failures: [] };
  for (const zone of config.zones) {
    const subject = zoneSubject(zone.id, deps.channel);
    try {
      summary.results.push(await poller.poll(zone.id));
      if (deps.changeHistory) {
        await readChangeHistory(zone.id, { ...deps.changeHistory, store: deps.store, log: deps.log });
      }
      if (await deps.store.incidents.openClaim(subject.id))
        await deps.writer.apply(
          signal('RECOVERED', zone.id, 'readable', `hosted zone ${zone.id} can be read again`, deps.now()),
          subject,
        );
    } catch (error) {
      const name = (error as Error).name;
      if (!CONFIGURATION_ERRORS.has(name)) {
        deps.log.error('zone snapshot failed', error, { zoneId: zone.id });
        summary.failures.push({
          zoneId: zone.id,
          error: error instanceof Error ? error : new Error(String(error)),
        });
        continue;
      }
      const problem = `${name}: ${(error as Error).message}`;
      deps.log.error("hosted zone cannot be read: check route53.zones and Lookout's permissions", error, {
        zoneId: zone.id,
      });
      summary.misconfigured.push({ zoneId: zone.id, problem });
      const text = `Lookout cannot read hosted zone ${zone.id} (${problem}): fix route53.zones in the config or the role's permissions — its records are not being watched`;
      // Reported once: while its incident is open, later polls add nothing.
      if (!(await deps.store.incidents.openClaim(subject.id))) {
        await deps.writer.apply(
          signal('MISCONFIGURED', zone.id, name, text, deps.now(), { problem }),
          subject,
        );
      }
    }
  }
  if (deps.posture) {
    summary.posture = await checkPosture(
      deps.posture,
      config.zones.map((z) => z.id),
    );
    for (const zone of summary.posture.zones) {
      for (const finding of zone.findings.filter((f) => f.level === 'warn')) {
        deps.log.warn(`zone posture: ${finding.message}`, { zoneId: zone.zoneId, feature: finding.feature });
      }
    }
  }
  return summary;
}

function signal(
  kind: Signal['kind'],
  zoneId: string,
  code: string,
  summary: string,
  at: Date,
  facts: Signal['facts'] = {},
): Signal {
  return {
    kind,
    targetId: `zone/${zoneId}`,
    at: at.toISOString(),
    // One identity per zone and problem: while it lasts, every poll re-applies the same signal (a no-op).
    observationId:
      kind === 'MISCONFIGURED' ? `misconfigured:${zoneId}:${code}` : `readable:${zoneId}:${at.toISOString()}`,
    summary,
    evidence: [],
    source: 'route53-snapshot',
    facts: { name: zoneId, type: 'hosted zone', zoneId, ...facts },
  };
}
