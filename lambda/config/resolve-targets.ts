import { normalizeDnsName } from '../domain/dns-name.js';
import { type Target, targetId } from '../domain/targets.js';
import type { LookoutConfig } from './config-schema.js';
import { ConfigError } from './errors.js';

/** The config file's default name; `resolveTargets` names it in errors when no source is given. */
const DEFAULT_SOURCE = 'lookout.config.yaml';

/** Expands config targets into domain targets, filling resolvers from the probe defaults. */
export function resolveTargets(
  config: LookoutConfig,
  systemResolvers: string[],
  source = DEFAULT_SOURCE,
): Target[] {
  const fallback = config.probe.resolvers.length ? config.probe.resolvers : systemResolvers;
  const seen = new Set<string>();
  return config.targets.map((t, index) => {
    const id = targetId(t.name, t.type);
    if (seen.has(id)) throw new ConfigError(`${source}: targets.${index}: ${id} is listed twice`);
    seen.add(id);
    const resolvers = t.resolvers ?? fallback;
    if (!resolvers.length)
      throw new ConfigError(
        `${source}: targets.${index}.resolvers: no resolver configured and none found on this system`,
      );
    return {
      id,
      name: normalizeDnsName(t.name),
      type: t.type,
      mode: t.mode,
      resolvers,
      ...(t.baselineCount !== undefined ? { baselineCount: t.baselineCount } : {}),
      ...(t.channel !== undefined ? { channel: t.channel } : {}),
    };
  });
}
