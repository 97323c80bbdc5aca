import { randomUUID } from 'node:crypto';
import { type LookoutConfig, ROUTE53_DEFAULTS, type Route53Config } from '../config/config-schema.js';
import { normalizeDnsName } from '../domain/dns-name.js';
import { raceDefaults } from '../domain/route53/race-signature.js';
import { ControlPlaneIngest } from '../engine/control-plane-ingest.js';
import { ZoneView } from '../engine/zone-view.js';
import type { ChangeHistoryReader } from '../ports/change-history.js';
import type { Route53Writer } from '../ports/route53.js';
import type { ServiceDeps } from '../ports/service-deps.js';
import { deliverOutbox } from '../service/outbox-delivery.js';
import { handleChangeEvent } from '../service/route53/change-events.js';
import { pollZones } from '../service/route53/poll-zones.js';
import { checkPosture } from '../service/route53/posture-check.js';
import { ZonePoller } from '../service/route53/zone-poller.js';
import type { Store } from '../store/store.js';
import { createIncidentApp, type RoutingConfig } from './incidents.js';
import { type SlackDelivery, type SlackSetup, slackDeliveryFor } from './slack.js';

/** Route 53 watching with no `route53` section configured: every zone, the schema's defaults. */
export const route53Defaults: Route53Config = { zones: [], ...ROUTE53_DEFAULTS, ownPrincipals: [] };

export interface Route53AppDeps extends ServiceDeps {
  config: Pick<LookoutConfig, 'route53' | 'detection'> & RoutingConfig;
  store: Store;
  /** The Route 53 API (createRoute53Clients); none = offline (a replay from a file): nothing is re-read. */
  clients?: { adapter: Route53Writer; history: ChangeHistoryReader } | undefined;
  /** The channel incidents are announced in, known from the config even while Slack is off. */
  channel?: string | undefined;
  slack?: SlackSetup | SlackDelivery | undefined;
  /** Epoch ms after which no page is read and no Slack call starts (a Lambda's end minus a margin). */
  deadline?: () => number;
  /** Who holds the outbox lease while this flow delivers. */
  owner?: string;
}

/**
 * The Route 53 flow's composition root: change ingest (writers, race signature), the zone view
 * (snapshots, EMPTY from the API), polling with Change History and posture, change events, restore.
 * The Lambdas, `lookout start`, `replay`, `restore`, `posture`, the demo, the benchmarks and the tests
 * build it here. Incidents go through the same engine as probe signals, keyed by `name/TYPE`, so what
 * clients see and what Route 53 holds meet in one incident.
 */
export function createRoute53App(deps: Route53AppDeps) {
  const r53 = deps.config.route53 ?? route53Defaults;
  const { store, log, now } = deps;
  const adapter = deps.clients?.adapter;
  const slack = slackDeliveryFor(deps.slack, { store, log, deadline: deps.deadline });
  const channel = deps.channel ?? slack?.channel;
  const incidents = createIncidentApp({
    store,
    detection: deps.config.detection,
    log,
    now,
    channel,
    routing: deps.config.slack,
  });
  const ingest = new ControlPlaneIngest({
    store,
    writer: incidents.writer,
    race: {
      windowSeconds: r53.raceWindowSeconds,
      ownPrincipals: r53.ownPrincipals,
      ownCommentPrefix: raceDefaults.ownCommentPrefix,
    },
    log,
    now,
  });
  const zoneConfig = (zoneId: string) => r53.zones.find((z) => z.id === zoneId);
  const zoneView = new ZoneView({
    store,
    ingest,
    adapter,
    // A listed zone with names watches those names; a listed zone without names, all of them.
    isWatched: (zoneId, targetId) => {
      if (deps.config.route53 && !zoneConfig(zoneId)) return false;
      const names = zoneConfig(zoneId)?.names ?? [];
      return names.length === 0 || names.some((n) => targetId.startsWith(`${normalizeDnsName(n)}/`));
    },
    confirmEmpty: (zoneId) => zoneConfig(zoneId)?.confirmWithTestDnsAnswer ?? true,
    // With zones configured, only those are read (IAM is scoped to them): a change elsewhere in the
    // account is still attributed to its writer, but not re-read. Without a route53 section, any zone.
    readable: (zoneId) => !deps.config.route53 || zoneConfig(zoneId) !== undefined,
    log,
    now,
  });
  const poller = adapter
    ? new ZonePoller({
        store,
        adapter,
        zoneView,
        log,
        now,
        ...(deps.deadline ? { deadline: deps.deadline } : {}),
      })
    : undefined;
  const online = () => {
    if (!deps.clients || !poller)
      throw new Error('the Route 53 app was built without a Route 53 API (offline)');
    return { clients: deps.clients, poller };
  };
  return {
    route53: r53,
    writer: incidents.writer,
    commands: incidents.commands,
    ingest,
    zoneView,
    /** Where Slack posts go, or undefined while Slack is off. */
    slackChannel: slack?.channel,
    /** Snapshots one zone (a first snapshot is the baseline). */
    pollZone: (zoneId: string) => online().poller.poll(zoneId),
    /**
     * Every configured zone: snapshot, Change History, then (unless `posture: false`) each zone's
     * protection posture, its gaps logged as warnings.
     */
    poll(options: { posture?: boolean } = {}) {
      const { clients, poller } = online();
      return pollZones(poller, r53, {
        store,
        writer: incidents.writer,
        log,
        now,
        changeHistory: { client: clients.history, ingest },
        ...(options.posture === false ? {} : { posture: clients }),
        ...(channel ? { channel } : {}),
      });
    },
    /** One CloudTrail ChangeResourceRecordSets event (EventBridge, or a replayed file). */
    handleChange: (event: unknown) => handleChangeEvent(event, { ingest, zoneView, log, now }),
    /** What protects each zone (Accelerated Recovery, Change History). */
    posture: (zoneIds: readonly string[]) => checkPosture(online().clients, zoneIds),
    /** Sends pending Slack messages (leased; never throws). */
    deliver: () =>
      deliverOutbox(store, slack?.deliverer, {
        owner: deps.owner ?? `route53-${randomUUID()}`,
        now,
        log,
        ...(deps.deadline ? { deadline: deps.deadline } : {}),
      }),
  };
}

export type Route53App = ReturnType<typeof createRoute53App>;
