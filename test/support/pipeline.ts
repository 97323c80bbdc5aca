import { type DetectionConfig, detectionSchema } from '../../lambda/config/config-schema.js';
import { IncidentWriter } from '../../lambda/engine/incident-writer.js';
import { ObservationProcessor } from '../../lambda/engine/observation-processor.js';
import { type Log, silentLog } from '../../lambda/ports/log.js';
import { IncidentCommands } from '../../lambda/service/incident-commands.js';
import type { Store } from '../../lambda/store/store.js';

/** The production service objects over a (dynalite-backed) store, with a controllable clock. */
export function pipeline(
  store: Store,
  options: { detection?: Partial<DetectionConfig>; channel?: string; now?: () => Date; log?: Log } = {},
) {
  const detection = { ...detectionSchema.parse({}), ...options.detection };
  const now = options.now ?? (() => new Date());
  const writer = new IncidentWriter(store, {
    autoResolve: detection.autoResolve,
    log: options.log ?? silentLog,
    now,
    ...(options.channel ? { defaultChannel: options.channel } : {}),
  });
  return {
    processor: new ObservationProcessor(store, writer, detection, silentLog),
    commands: new IncidentCommands(store, writer, now),
    writer,
  };
}
