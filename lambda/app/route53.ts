import type { LookoutConfig, Route53Config } from '../config/config-schema.js';
import { raceDefaults } from '../domain/route53/race-signature.js';
import { ControlPlaneIngest } from '../engine/control-plane-ingest.js';
import { IncidentWriter } from '../engine/incident-writer.js';
import { ZoneView } from '../engine/zone-view.js';
import type { Log } from '../ports/log.js';
import type { Route53Reader } from '../ports/route53.js';
import type { Store } from '../store/store.js';

/** Route 53 watching with no `route53` section configured: every zone, CloudTrail-only defaults. */
const defaults: Route53Config = {
  zones: [],
  pollIntervalMinutes: 5,
  requestsPerSecond: 2,
  burst: 5,
  raceWindowSeconds: raceDefaults.windowSeconds,
  lastKnownGoodStableSeconds: 300,
  ownPrincipals: [],
};

/**
 * The control-plane half of Lookout over one store: change ingest (writers, race signature) and the
 * zone view (snapshots, EMPTY from the API). Incidents go through the same IncidentWriter as probe
 * signals, keyed by `name/TYPE`, so what clients see and what Route 53 holds meet in one incident.
 */
export function createRoute53Services(deps: {
  store: Store;
  config: Pick<LookoutConfig, 'route53' | 'detection'>;
  adapter?: Route53Reader;
  log: Log;
  now: () => Date;
  slackChannel?: string;
}) {
  const r53 = deps.config.route53 ?? defaults;
  const writer = new IncidentWriter(deps.store, {
    autoResolve: deps.config.detection.autoResolve,
    log: deps.log,
    now: deps.now,
    ...(deps.slackChannel ? { defaultChannel: deps.slackChannel } : {}),
  });
  const ingest = new ControlPlaneIngest(
    deps.store,
    writer,
    {
      windowSeconds: r53.raceWindowSeconds,
      ownPrincipals: r53.ownPrincipals,
      ownCommentPrefix: raceDefaults.ownCommentPrefix,
    },
    deps.log,
  );
  const zoneConfig = (zoneId: string) => r53.zones.find((z) => z.id === zoneId);
  const zoneView = new ZoneView(deps.store, ingest, deps.adapter, {
    // A listed zone with names watches those names; a listed zone without names, all of them.
    isWatched: (zoneId, targetId) => {
      if (deps.config.route53 && !zoneConfig(zoneId)) return false;
      const names = zoneConfig(zoneId)?.names ?? [];
      return (
        names.length === 0 || names.some((n) => targetId.startsWith(`${n.toLowerCase().replace(/\.$/, '')}/`))
      );
    },
    confirmEmpty: (zoneId) => zoneConfig(zoneId)?.confirmWithTestDnsAnswer ?? true,
    // With zones configured, only those are read (IAM is scoped to them): a change elsewhere in the
    // account is still attributed to its writer, but not re-read. Without a route53 section, any zone.
    readable: (zoneId) => !deps.config.route53 || zoneConfig(zoneId) !== undefined,
    log: deps.log,
  });
  return { writer, ingest, zoneView, route53: r53 };
}
