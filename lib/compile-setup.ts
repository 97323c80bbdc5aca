import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type * as z from 'zod';
import { type CompiledSetup, compiledSetupSchema } from '../lambda/config/compiled-setup.js';
import { configSchema } from '../lambda/config/config-schema.js';
import { describeIssues } from '../lambda/config/describe-issues.js';
import { ConfigError } from '../lambda/config/errors.js';
import { loadRunbooks } from '../lambda/config/load-runbooks.js';

/** What `new Lookout(...)` accepts as config: the file's shape, defaults optional (a parsed config fits). */
export type LookoutConfigInput = z.input<typeof configSchema>;

/**
 * Validates config and runbooks with the schemas the CLI uses, at synth: a mistake stops `cdk synth`
 * with the file and field named (ConfigError / RunbookError) instead of failing in the deployed Lambda.
 */
export function compileSetup(
  config: LookoutConfigInput,
  source: string,
  runbooksDir: string | undefined,
): CompiledSetup {
  const parsed = configSchema.safeParse(config);
  if (!parsed.success) throw new ConfigError(describeIssues(source, parsed.error), { cause: parsed.error });
  const runbooks = loadRunbooks(runbooksDir ? { dir: runbooksDir } : {});
  // The Lambdas parse it back with this schema: a setup that round-trips here is one they accept.
  return compiledSetupSchema.parse({ source, config: parsed.data, runbooks });
}

/** Writes the setup as JSON to `file` (creating its directory) for the bundles to copy. */
export function writeCompiledSetup(file: string, setup: CompiledSetup): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(setup)}\n`);
  return file;
}
