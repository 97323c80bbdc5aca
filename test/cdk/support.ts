import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App } from 'aws-cdk-lib';
import { afterAll } from 'vitest';
import { type CompiledSetup, readCompiledSetup } from '../../lambda/config/compiled-setup.js';
import type { HealthEventsStack } from '../../lib/health-events-stack.js';
import { createLookoutApp, type LookoutAppOptions } from '../../lib/lookout-app.js';
import type { LookoutStack } from '../../lib/lookout-stack.js';
import type { Route53EventsStack } from '../../lib/route53-events-stack.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CONFIG_FILE = join(REPO_ROOT, 'lookout.config.yaml');

/** The feature flags `cdk synth` gets from cdk.json, so tests see the template the CLI would. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson: unknown = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8'));
  return (cdkJson as { context: Record<string, unknown> }).context;
}

const made: string[] = [];
// Registered when a test file imports this module: its assemblies and configs go when the file is done.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `lookout-${prefix}-`));
  made.push(dir);
  return dir;
}

export function writeTempConfig(yaml: string): string {
  const file = join(tempDir('config'), 'lookout.config.yaml');
  writeFileSync(file, yaml);
  return file;
}

export interface TestAppOptions {
  readonly configFile?: string;
  readonly bundling?: boolean;
  readonly nag?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  /** Extra context, e.g. `{ region: 'eu-west-1' }`. */
  readonly context?: Record<string, unknown>;
}

/** Lookout's region when a test gives no environment: AWS Health (on by default) needs one at synth. */
export const TEST_REGION = 'eu-west-1';

/**
 * Builds the real app wiring (config loading, nag) with test-friendly defaults: no bundling, no CFN lint,
 * Lookout in TEST_REGION unless `env` is given.
 */
export function buildTestApp(options: TestAppOptions = {}): {
  app: App;
  stack: LookoutStack;
  route53Events?: Route53EventsStack;
  healthEvents: HealthEventsStack[];
  outdir: string;
} {
  const outdir = tempDir('cdk-out');
  const context: Record<string, unknown> = { ...cdkJsonContext() };
  if (options.configFile !== undefined) context.config = options.configFile;
  Object.assign(context, options.context);
  const appOptions: LookoutAppOptions = {
    appProps: { context, outdir, builtinCloudFormationValidation: false },
    env: options.env ?? { CDK_DEFAULT_REGION: TEST_REGION },
    nag: options.nag ?? false,
    stackProps: { bundling: options.bundling ?? false },
  };
  return { ...createLookoutApp(appOptions), outdir };
}

/** The one setup `cdk synth` compiled into the assembly in `outdir` (the file the bundles copy). */
export function compiledSetupIn(outdir: string): CompiledSetup {
  const dir = join(outdir, 'lookout-setup');
  const files = readdirSync(dir);
  if (files.length !== 1) throw new Error(`expected one compiled setup in ${dir}, found ${files.join(', ')}`);
  const setup = readCompiledSetup(join(dir, files[0] as string));
  if (!setup) throw new Error(`${dir}/${files[0]} vanished`);
  return setup;
}
