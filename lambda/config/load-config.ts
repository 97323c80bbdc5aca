import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type * as z from 'zod';
import type { Target } from '../domain/targets.js';
import { targetId } from '../domain/targets.js';
import { configSchema, type LookoutConfig } from './config-schema.js';
import { ConfigError } from './errors.js';

export const DEFAULT_CONFIG_FILE = 'lookout.config.yaml';

/** Formats zod issues as `file: field.path: message` lines a person can act on. */
export function describeIssues(source: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.map(String).join('.') : '(root)';
    return `  ${source}: ${field}: ${issue.message}`;
  });
  return `invalid configuration in ${source}:\n${lines.join('\n')}`;
}

export function parseConfig(text: string, source: string): LookoutConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (cause) {
    throw new ConfigError(`${source} is not valid YAML: ${(cause as Error).message}`, { cause });
  }
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) throw new ConfigError(describeIssues(source, result.error), { cause: result.error });
  return result.data;
}

export function loadConfigFile(path: string = DEFAULT_CONFIG_FILE): LookoutConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read config file ${path}: ${(cause as Error).message}`, { cause });
  }
  return parseConfig(text, path);
}

/** Expands config targets into domain targets, filling resolvers from the probe defaults. */
export function resolveTargets(
  config: LookoutConfig,
  systemResolvers: string[],
  source = DEFAULT_CONFIG_FILE,
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
      name: t.name.toLowerCase().replace(/\.$/, ''),
      type: t.type,
      mode: t.mode,
      resolvers,
      ...(t.baselineCount !== undefined ? { baselineCount: t.baselineCount } : {}),
      ...(t.channel !== undefined ? { channel: t.channel } : {}),
    };
  });
}
