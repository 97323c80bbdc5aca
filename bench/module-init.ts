import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { LambdaBundle } from './bundles.js';
import { progress, type Summary, summarize } from './stats.js';

export interface InitVariant {
  label: string;
  /** Spawn to exit of `node -e "await import(...)"`, wall clock, ms. */
  processMs: Summary;
  /** `import()` alone, timed inside the child, ms. */
  importMs: Summary;
}

export interface ModuleInit {
  function: string;
  spawns: number;
  nodeOptions: string | undefined;
  baseline: InitVariant;
  variants: InitVariant[];
}

interface Spec {
  label: string;
  imports: string[];
  nodeOptions: string | undefined;
}

/**
 * Cold import of each bundle in a fresh Node process, `spawns` times per variant (interleaved): a bare
 * Node baseline (an empty module), the `@aws-sdk/*` externals alone, and the bundle with the function's
 * own environment from the template (NODE_OPTIONS included) — plus the bundle without source maps when
 * the template turns them on, since `--enable-source-maps` makes Node parse the map at load.
 */
export async function benchModuleInit(bundle: LambdaBundle, spawns: number): Promise<ModuleInit> {
  const nodeOptions = bundle.env.NODE_OPTIONS;
  const entry = pathToFileURL(bundle.entryFile).href;
  const specs: Spec[] = [
    { label: 'bare Node (empty module)', imports: ['data:text/javascript,'], nodeOptions },
    ...(bundle.externals.length
      ? [{ label: `externals only (${bundle.externals.join(', ')})`, imports: bundle.externals, nodeOptions }]
      : []),
    {
      label: `bundle${nodeOptions ? ` (NODE_OPTIONS=${nodeOptions}, as deployed)` : ''}`,
      imports: [entry],
      nodeOptions,
    },
    ...(nodeOptions?.includes('--enable-source-maps')
      ? [{ label: 'bundle without --enable-source-maps', imports: [entry], nodeOptions: undefined }]
      : []),
  ];
  const samples = specs.map(() => ({ processMs: [] as number[], importMs: [] as number[] }));
  for (let i = 0; i < spawns; i++) {
    for (const [index, spec] of specs.entries()) {
      const sample = await spawnImport(bundle, spec);
      samples[index]?.processMs.push(sample.processMs);
      samples[index]?.importMs.push(sample.importMs);
    }
  }
  const variants = specs.map((spec, index) => ({
    label: spec.label,
    processMs: summarize(samples[index]?.processMs ?? []),
    importMs: summarize(samples[index]?.importMs ?? []),
  }));
  const [baseline, ...rest] = variants;
  if (!baseline) throw new Error('no baseline');
  progress(
    `module init ${bundle.function}: ${variants.map((v) => `${v.label} ${v.processMs.median.toFixed(0)} ms`).join('; ')}`,
  );
  return { function: bundle.function, spawns, nodeOptions, baseline, variants: rest };
}

const CHILD = `
const specs = JSON.parse(process.env.BENCH_IMPORTS);
const started = performance.now();
for (const spec of specs) await import(spec);
process.stdout.write(JSON.stringify({ importMs: performance.now() - started }));
process.exit(0);
`;

function spawnImport(bundle: LambdaBundle, spec: Spec): Promise<{ processMs: number; importMs: number }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_REGION: 'us-east-1',
    ...bundle.env,
    BENCH_IMPORTS: JSON.stringify(spec.imports),
  };
  if (spec.nodeOptions) env.NODE_OPTIONS = spec.nodeOptions;
  else delete env.NODE_OPTIONS;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    // cwd = the asset dir, so bare `@aws-sdk/*` specifiers resolve the way the bundle's own imports do.
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
      cwd: bundle.assetDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString()).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const processMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0)
        return reject(new Error(`importing ${spec.imports.join(', ')} failed (${code}):\n${stderr}`));
      try {
        resolve({ processMs, importMs: (JSON.parse(stdout) as { importMs: number }).importMs });
      } catch {
        reject(new Error(`unexpected child output: ${stdout} ${stderr}`));
      }
    });
  });
}
