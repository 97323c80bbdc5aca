import { readFileSync } from 'node:fs';
import { runbookSchema } from '../domain/runbooks/schema.js';
import * as z from '../shared/zod.js';
import { configSchema } from './config-schema.js';
import { describeIssues } from './describe-issues.js';
import { ConfigError } from './errors.js';

/**
 * The file `cdk synth` writes beside each Lambda bundle: the config and runbooks, validated at synth and
 * stored as JSON, so a function neither parses YAML at cold start nor carries the config in its
 * environment (Lambda allows 4 KB for all variables).
 */
export const COMPILED_SETUP_FILE = 'lookout.compiled.json';

export const compiledSetupSchema = z.strictObject({
  /** Where the config came from at synth (a path), so runtime errors can name it. */
  source: z.string().check(z.minLength(1)),
  config: configSchema,
  runbooks: z.array(runbookSchema).check(z.minLength(1)),
});

export type CompiledSetup = z.infer<typeof compiledSetupSchema>;

/**
 * Reads a compiled setup, or undefined when the file does not exist (the handlers then run from the
 * source tree: tests, a hand invocation). The schemas run again here: the file is a boundary too.
 */
export function readCompiledSetup(path: string | URL): CompiledSetup | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read ${String(path)}: ${(error as Error).message}`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`${String(path)} is not JSON (it is written by cdk synth)`, { cause });
  }
  const parsed = compiledSetupSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(describeIssues(String(path), parsed.error));
  return parsed.data;
}
