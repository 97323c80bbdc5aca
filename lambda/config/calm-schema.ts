import { CALM_DEFAULTS, type CalmSettings } from '../domain/calm/settings.js';
import * as z from '../shared/zod.js';
import { strictObject } from './strict-object.js';

/** Seconds from min to max (fractions allowed), `fallback` when absent. */
const secondsIn = (min: number, max: number, fallback: number) =>
  z._default(z.number().check(z.gte(min), z.lte(max)), fallback);

/**
 * 0 (off) or 1 to max seconds: a fraction of a second is off in all but name (every entry its own
 * reply, every item its own root edit) and most likely a value meant in milliseconds.
 */
const offOrSeconds = (max: number, fallback: number) =>
  z._default(
    z.number().check(
      z.gte(0),
      z.lte(max),
      z.refine((v) => !(v > 0 && v < 1), 'expected 0 (off) or at least 1 (seconds, not milliseconds)'),
    ),
    fallback,
  );

/**
 * `slack.calm` — how Lookout keeps a channel readable in a storm (issue #11): routine entries grouped
 * into one reply, roots edited at most so often, many incidents at once summarised once. The defaults
 * suit Slack's ~1 message per second per channel; 0 turns grouping or root pacing off.
 */
export const calmSchema = strictObject({
  /** Routine entries (record changes, repeated AWS Health updates) within this long become one reply. */
  groupWindowSeconds: offOrSeconds(600, CALM_DEFAULTS.groupWindowMs / 1000),
  /** An incident's root message is edited at most once per this long (the latest state always). */
  rootEditSeconds: offOrSeconds(600, CALM_DEFAULTS.rootEditMs / 1000),
  storm: z.prefault(
    strictObject({
      /** More than this many incidents opening in one channel within `windowSeconds` is a storm. */
      threshold: z._default(z.int().check(z.gte(1), z.lte(10_000)), CALM_DEFAULTS.storm.threshold),
      windowSeconds: secondsIn(1, 3600, CALM_DEFAULTS.storm.windowMs / 1000),
      /** A storm is over once no incident opened for this long. */
      quietSeconds: secondsIn(1, 24 * 3600, CALM_DEFAULTS.storm.quietMs / 1000),
    }),
    {},
  ),
});

export type CalmConfig = z.infer<typeof calmSchema>;

/** The config's seconds as the milliseconds delivery counts in. */
export function calmSettingsOf(config: CalmConfig): CalmSettings {
  return {
    groupWindowMs: config.groupWindowSeconds * 1000,
    rootEditMs: config.rootEditSeconds * 1000,
    storm: {
      threshold: config.storm.threshold,
      windowMs: config.storm.windowSeconds * 1000,
      quietMs: config.storm.quietSeconds * 1000,
    },
  };
}
