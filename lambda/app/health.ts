import { randomUUID } from 'node:crypto';
import type { LookoutConfig } from '../config/config-schema.js';
import { ConfigError } from '../config/errors.js';
import type { IncidentSubject } from '../domain/targets.js';
import { HealthIngest } from '../engine/health-ingest.js';
import type { ServiceDeps } from '../ports/service-deps.js';
import { pollHealth } from '../service/health-poll.js';
import { deliverOutbox } from '../service/outbox-delivery.js';
import { refuseFutureUpdate } from '../sources/health/future-update.js';
import { parseHealthEvent } from '../sources/health/health-events.js';
import type { Store } from '../store/store.js';
import type { HealthClients } from './health-clients.js';
import { createIncidentApp, type RoutingConfig } from './incidents.js';
import { type SlackDelivery, type SlackSetup, slackDeliveryFor } from './slack.js';

export interface HealthAppDeps extends ServiceDeps {
  config: Pick<LookoutConfig, 'detection' | 'health'> & RoutingConfig;
  store: Store;
  /** The watched DNS targets (config targets): a Health event for their service and region joins them. */
  targets: readonly IncidentSubject[];
  channel?: string | undefined;
  slack?: SlackSetup | SlackDelivery | undefined;
  deadline?: () => number;
  owner?: string;
  /** The Health API (health-clients.ts): needed by `poll()` only. */
  healthApi?: HealthClients;
  /** Lookout's own account (the Lambda's, from its ARN): the account EventBridge names. For `poll()`. */
  accountId?: string;
}

/**
 * The AWS Health flow's composition root: EventBridge deliveries and the Health API poller through one
 * dedup path into the same incidents as the DNS and Route 53 signals. The Lambda handler,
 * `lookout replay`, the demo and the tests build it here.
 */
export function createHealthApp(deps: HealthAppDeps) {
  const { store, log, now } = deps;
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
  const health = deps.config.health;
  const ingest = new HealthIngest({
    store,
    writer: incidents.writer,
    settings: {
      closedResolves: health.closedResolves,
      ...(health.filters ? { filters: health.filters } : {}),
      ...(health.correlation ? { correlation: health.correlation } : {}),
    },
    targets: deps.targets,
    defaultChannel: channel,
    routing: deps.config.slack,
    log,
    now,
  });
  return {
    ingest,
    writer: incidents.writer,
    /**
     * One EventBridge delivery (`source: aws.health`): validated at the boundary (InvalidHealthEventError
     * names the field; the Lambda then fails so the event reaches the dead-letter queue), then ingested.
     */
    handleEvent: async (event: unknown) => ingest.ingest(refuseFutureUpdate(parseHealthEvent(event), now())),
    /**
     * One poll of the Health API (`health.poller`): what EventBridge missed, and the organization view,
     * through the same ingest. Never throws for one event or account; `summary.error` says what stopped it.
     */
    poll: async () => {
      const poller = health.poller;
      if (!poller) throw new ConfigError('health.poller is not configured: the Health API poller is off');
      if (!deps.healthApi || !deps.accountId) {
        throw new ConfigError("the Health API poller needs the Health clients and Lookout's own account id");
      }
      return pollHealth({
        store,
        ingest,
        writer: incidents.writer,
        endpoint: deps.healthApi.endpoint(log),
        organization: poller.organizationView,
        account: deps.accountId,
        ...(channel ? { channel } : {}),
        ...(deps.deadline ? { deadline: deps.deadline } : {}),
        log,
        now,
      });
    },
    /** Sends pending Slack messages (leased; never throws). */
    deliver: () =>
      deliverOutbox(store, slack?.deliverer, {
        owner: deps.owner ?? `health-${randomUUID()}`,
        now,
        log,
        ...(deps.deadline ? { deadline: deps.deadline } : {}),
      }),
  };
}

export type HealthApp = ReturnType<typeof createHealthApp>;
