import { randomUUID } from 'node:crypto';
import type { LookoutConfig } from '../config/config-schema.js';
import { ConfigError } from '../config/errors.js';
import type { Runbook } from '../domain/runbooks/schema.js';
import { TRIGGER_SENDERS } from '../domain/triggers/trigger-event.js';
import { TriggerIngest } from '../engine/trigger-ingest.js';
import type { ServiceDeps } from '../ports/service-deps.js';
import { deliverOutbox } from '../service/outbox-delivery.js';
import { TriggerEndpoint } from '../service/trigger-endpoint.js';
import type { TriggerSecrets } from '../sources/triggers/trigger-secrets.js';
import type { Store } from '../store/store.js';
import { createIncidentApp, type RoutingConfig } from './incidents.js';
import { type SlackDelivery, type SlackSetup, slackDeliveryFor } from './slack.js';

export interface TriggersAppDeps extends ServiceDeps {
  config: Pick<LookoutConfig, 'detection' | 'triggers'> & RoutingConfig;
  store: Store;
  /** Every runbook (runbooks/*.yaml): triggers name them by id. */
  runbooks: readonly Runbook[];
  /** The verifiers' secrets, or how to read them (per request: rotation needs no redeploy). */
  secrets: TriggerSecrets | (() => Promise<TriggerSecrets>);
  /** The default alert channel (slack.channel, or SLACK_CHANNEL locally). */
  channel?: string | undefined;
  slack?: SlackSetup | SlackDelivery | undefined;
  deadline?: () => number;
  owner?: string;
}

/**
 * The on-call triggers' composition root: the Function URL (PagerDuty, Alertmanager, signed generic
 * triggers) and EventBridge `lookout.trigger` events, through one endpoint into the incident engine
 * every other flow writes through; the runbook each names posted with the incident's root. The Lambda
 * handler and the tests build it here.
 */
export function createTriggersApp(deps: TriggersAppDeps) {
  const { store, log, now, config } = deps;
  const triggers = config.triggers;
  const runbookIds = new Set(deps.runbooks.map((r) => r.id));
  // A default that names no runbook would only surface as a wrong runbook during an outage: refuse it now.
  for (const [where, id] of [
    ['triggers.runbook', triggers.runbook],
    ...TRIGGER_SENDERS.map((s) => [`triggers.${s}.runbook`, triggers[s].runbook] as const),
  ] as const) {
    if (id && !runbookIds.has(id)) {
      throw new ConfigError(`${where}: no runbook "${id}" (known: ${[...runbookIds].sort().join(', ')})`);
    }
  }
  const slack = slackDeliveryFor(deps.slack, { store, log, deadline: deps.deadline });
  const channel = deps.channel ?? slack?.channel;
  const incidents = createIncidentApp({
    store,
    detection: config.detection,
    log,
    now,
    channel,
    routing: config.slack,
  });
  const ingest = new TriggerIngest({
    store,
    writer: incidents.writer,
    settings: {
      // Only a channel the triggers section names overrides routing (slack.routes, source: trigger).
      channel: (sender) => triggers[sender].channel ?? triggers.channel,
      runbook: (sender) => triggers[sender].runbook ?? triggers.runbook,
      severity: { map: triggers.severity, fallback: triggers.defaultSeverity },
    },
    log,
    now,
  });
  const secrets = deps.secrets;
  const endpoint = new TriggerEndpoint({
    store,
    ingest,
    secrets: typeof secrets === 'function' ? secrets : () => Promise.resolve(secrets),
    runbookIds,
    log,
    now,
  });
  return {
    writer: incidents.writer,
    commands: incidents.commands,
    /** One Function URL request: `{ statusCode, headers, body }` with a JSON reason; never throws. */
    handleFunctionUrl: (event: unknown) => endpoint.handleFunctionUrl(event),
    /** One EventBridge `lookout.trigger` event; throws (field named) when invalid. */
    handleEvent: (event: unknown) => endpoint.handleEventBridge(event),
    /** Sends pending Slack messages (leased; never throws). */
    deliver: () =>
      deliverOutbox(store, slack?.deliverer, {
        owner: deps.owner ?? `triggers-${randomUUID()}`,
        now,
        log,
        ...(deps.deadline ? { deadline: deps.deadline } : {}),
      }),
  };
}

export type TriggersApp = ReturnType<typeof createTriggersApp>;
