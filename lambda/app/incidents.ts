import type { LookoutConfig } from '../config/config-schema.js';
import type { IncidentRouting } from '../domain/routing/route-incident.js';
import { IncidentWriter } from '../engine/incident-writer.js';
import type { ServiceDeps } from '../ports/service-deps.js';
import { IncidentCommands } from '../service/incident-commands.js';
import type { Store } from '../store/store.js';

/** What a flow's config may say about routing (absent in a config built for a test: no rules). */
export type RoutingConfig = { slack?: IncidentRouting | undefined };

export interface IncidentAppDeps extends ServiceDeps {
  store: Store;
  detection: Pick<LookoutConfig['detection'], 'autoResolve'>;
  /** The channel incidents are announced in (config slack.channel, or SLACK_CHANNEL locally). */
  channel?: string | undefined;
  /** Routing rules, severity overrides and incident channels (config slack.routes, .severity, .incidentChannels). */
  routing?: IncidentRouting | undefined;
}

/**
 * The incident engine every flow writes through (probe signals, Route 53 signals, and what a person
 * does: acknowledge, resolve, note), so all of them meet in the same incidents.
 */
export function createIncidentApp(deps: IncidentAppDeps) {
  const writer = new IncidentWriter({
    store: deps.store,
    autoResolve: deps.detection.autoResolve,
    log: deps.log,
    now: deps.now,
    ...(deps.channel ? { defaultChannel: deps.channel } : {}),
    routing: deps.routing,
  });
  const commands = new IncidentCommands({ store: deps.store, writer, now: deps.now, log: deps.log });
  return { writer, commands };
}

export type IncidentApp = ReturnType<typeof createIncidentApp>;
