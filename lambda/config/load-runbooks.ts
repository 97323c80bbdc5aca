import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { RunbookError } from '../domain/runbooks/errors.js';
import { type Runbook, runbookSchema } from '../domain/runbooks/schema.js';
import { validateTemplates } from '../domain/runbooks/template.js';
import { readRegularFile } from '../shared/read-bounded.js';
import { describeIssues } from './load-config.js';

/** Lambda bundles carry the YAML next to the code, where the repo-relative default does not exist. */
export const RUNBOOKS_DIR_ENV = 'LOOKOUT_RUNBOOKS_DIR';

/** `runbooks/` at the repository root, found from this module rather than the working directory. */
export const DEFAULT_RUNBOOKS_DIR = fileURLToPath(new URL('../../runbooks/', import.meta.url));

export interface LoadRunbooksOptions {
  /** Wins over the environment and the default. */
  dir?: string;
  env?: Record<string, string | undefined>;
}

/** Parses and validates one runbook file's text; `source` names the file in every error. */
export function parseRunbook(text: string, source: string): Runbook {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (cause) {
    throw new RunbookError(`${source} is not valid YAML: ${(cause as Error).message}`, { cause });
  }
  const result = runbookSchema.safeParse(raw ?? {});
  if (!result.success) {
    throw new RunbookError(
      describeIssues(source, result.error).replace('invalid configuration', 'invalid runbook'),
      {
        cause: result.error,
      },
    );
  }
  validateTemplates(result.data, source);
  return result.data;
}

/**
 * Loads every `*.yaml` / `*.yml` in the directory, sorted by file name so selection is deterministic.
 * @example const runbooks = loadRunbooks({ env: process.env });
 */
export function loadRunbooks(options: LoadRunbooksOptions = {}): Runbook[] {
  const dir = options.dir ?? options.env?.[RUNBOOKS_DIR_ENV] ?? DEFAULT_RUNBOOKS_DIR;
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  } catch (cause) {
    throw new RunbookError(`cannot read runbook directory ${dir}: ${(cause as Error).message}`, { cause });
  }
  if (!files.length) throw new RunbookError(`no runbooks (*.yaml) in ${dir}`);
  const seen = new Map<string, string>();
  return files.sort().map((file) => {
    const path = join(dir, file);
    const runbook = parseRunbook(readRunbook(path), path);
    const previous = seen.get(runbook.id);
    if (previous) throw new RunbookError(`${path}: id: "${runbook.id}" is already used by ${previous}`);
    seen.set(runbook.id, path);
    return runbook;
  });
}

/** Far above any real runbook (a few KiB); past it the file is refused, not read whole. */
const MAX_RUNBOOK_BYTES = 1024 * 1024;

function readRunbook(path: string): string {
  let text: string | undefined;
  try {
    text = readRegularFile(path, MAX_RUNBOOK_BYTES);
  } catch (cause) {
    throw new RunbookError(`cannot read runbook ${path}: ${(cause as Error).message}`, { cause });
  }
  if (text === undefined) throw new RunbookError(`cannot read runbook ${path}: it is larger than 1 MiB`);
  return text;
}
