import type { RecordType } from './observation.js';
import type { Target } from './targets.js';

/** A name watched from Slack (`/lookout watch`), as the store keeps it. */
export interface WatchedName {
  /** `name/TYPE`, as targetId makes it. */
  targetId: string;
  name: string;
  type: RecordType;
  /** The Slack channel its incidents go to (`#channel` in the command); the routed one otherwise. */
  channel?: string;
  /** Who added it (`slack:U0ALICE (@alice)`) and when. */
  by: string;
  at: string;
}

/** The targets a probe round asks, and the watched names it left out because the config has them. */
export interface MergedTargets {
  targets: Target[];
  shadowed: WatchedName[];
}

/**
 * The config's targets, then the names watched from Slack that the config does not list. The config
 * wins a conflict (the same `name/TYPE`): it is the reviewed, deployed source, with its own mode,
 * resolvers and channel, and a Slack entry must not quietly change how a configured name is judged.
 * A watched name is compared `exact` and asked of `resolvers` (the config's `probe.resolvers`, else
 * the host's).
 */
export function mergeWatched(
  configured: readonly Target[],
  watched: readonly WatchedName[],
  resolvers: readonly string[],
): MergedTargets {
  const known = new Set(configured.map((t) => t.id));
  const targets = [...configured];
  const shadowed: WatchedName[] = [];
  for (const w of watched) {
    if (known.has(w.targetId)) {
      shadowed.push(w);
      continue;
    }
    known.add(w.targetId);
    targets.push({
      id: w.targetId,
      name: w.name,
      type: w.type,
      mode: 'exact',
      resolvers: [...resolvers],
      ...(w.channel ? { channel: w.channel } : {}),
      watchedBy: w.by,
    });
  }
  return { targets, shadowed };
}
