import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type * as z from 'zod';
import type { Target } from '../domain/targets.js';
import { targetId } from '../domain/targets.js';
import { configSchema, type LookoutConfig } from './config-schema.js';
import { ConfigError } from './errors.js';

export const DEFAULT_CONFIG_FILE = 'lookout.config.yaml';

/** Formats zod issues as `file: field.path: message` lines (`file: message` for the top level). */
export function describeIssues(source: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) =>
    issue.path.length
      ? `  ${source}: ${issue.path.map(String).join('.')}: ${issue.message}`
      : `  ${source}: ${issue.message}`,
  );
  return `invalid configuration in ${source}:\n${lines.join('\n')}`;
}

export function parseConfig(text: string, source: string): LookoutConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (cause) {
    throw new ConfigError(`${source} is not valid YAML: ${(cause as Error).message}`, { cause });
  }
  // An empty or comment-only file parses as null: say what it needs, not "expected array, received undefined".
  if (raw === null || raw === undefined) {
    throw new ConfigError(`${source} is empty: add a \`targets:\` list (the DNS names to watch)`);
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(
      `${source}: expected settings such as \`targets:\` at the top level, got ${Array.isArray(raw) ? 'a list' : `the ${typeof raw} ${JSON.stringify(raw)}`}`,
    );
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(describeIssues(source, result.error), { cause: result.error });
  return result.data;
}

export function loadConfigFile(path: string = DEFAULT_CONFIG_FILE): LookoutConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read config file ${path}: ${whyUnreadable(cause)}`, { cause });
  }
  return parseConfig(text, path);
}

/** Why a file could not be read, in words (Node's own message repeats the path and the errno). */
function whyUnreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'it does not exist';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (error as Error).message;
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
