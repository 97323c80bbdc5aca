import type { LookoutConfig } from '../config/config-schema.js';
import { IncidentWriter } from '../engine/incident-writer.js';
import type { ServiceDeps } from '../ports/service-deps.js';
import { IncidentCommands } from '../service/incident-commands.js';
import type { Store } from '../store/store.js';

export interface IncidentAppDeps extends ServiceDeps {
  store: Store;
  detection: Pick<LookoutConfig['detection'], 'autoResolve'>;
  /** The channel incidents are announced in (config slack.channel, or SLACK_CHANNEL locally). */
  channel?: string | undefined;
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
  });
  const commands = new IncidentCommands({ store: deps.store, writer, now: deps.now, log: deps.log });
  return { writer, commands };
}

export type IncidentApp = ReturnType<typeof createIncidentApp>;
