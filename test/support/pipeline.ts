import { createProbeApp } from '../../lambda/app/probe.js';
import { createRoute53App } from '../../lambda/app/route53.js';
import { type DetectionConfig, detectionSchema } from '../../lambda/config/config-schema.js';
import { type Log, silentLog } from '../../lambda/ports/log.js';
import type { Store } from '../../lambda/store/store.js';

/** The production probe and (offline) Route 53 flows over a (dynalite-backed) store, with a controllable clock, built by its root. */
export function pipeline(
  store: Store,
  options: { detection?: Partial<DetectionConfig>; channel?: string; now?: () => Date; log?: Log } = {},
) {
  const config = {
    detection: { ...detectionSchema.parse({}), ...options.detection },
    probe: { timeoutMs: 2000 },
  };
  const app = createProbeApp({
    config,
    targets: [],
    store,
    log: options.log ?? silentLog,
    ...(options.now ? { now: options.now } : {}),
    ...(options.channel ? { channel: options.channel } : {}),
  });
  // The Route 53 flow offline (no API to re-read): CloudTrail changes and zone signals over the same store.
  const route53 = createRoute53App({
    config,
    store,
    log: options.log ?? silentLog,
    now: options.now ?? (() => new Date()),
    ...(options.channel ? { channel: options.channel } : {}),
  });
  return {
    processor: app.processor,
    commands: app.commands,
    writer: app.writer,
    ingest: route53.ingest,
    route53,
  };
}
