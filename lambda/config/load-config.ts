import { parse as parseYaml } from 'yaml';
import { readRegularFile } from '../shared/read-bounded.js';
import { configSchema, type LookoutConfig } from './config-schema.js';
import { describeIssues } from './describe-issues.js';
import { ConfigError } from './errors.js';

// Re-exported for callers that load YAML anyway; the Lambdas import the YAML-free modules directly.
export { describeIssues } from './describe-issues.js';
export { resolveTargets } from './resolve-targets.js';

export const DEFAULT_CONFIG_FILE = 'lookout.config.yaml';

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

/** Far above any real config (a few KiB); past it the file is refused, not read whole. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export function loadConfigFile(path: string = DEFAULT_CONFIG_FILE): LookoutConfig {
  let text: string | undefined;
  try {
    text = readRegularFile(path, MAX_CONFIG_BYTES);
  } catch (cause) {
    throw new ConfigError(`cannot read config file ${path}: ${whyUnreadable(cause)}`, { cause });
  }
  if (text === undefined)
    throw new ConfigError(
      `cannot read config file ${path}: it is larger than 1 MiB (a config file is a few KiB)`,
    );
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
