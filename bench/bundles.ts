import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LambdaBundle {
  /** The function's construct path, e.g. `Lookout/Probing/Probe/Function`. */
  function: string;
  assetDir: string;
  entryFile: string;
  entryBytes: number;
  sourceMapBytes: number;
  assetBytes: number;
  runtime: string;
  /** `@aws-sdk/*` packages the bundle leaves to the runtime. */
  externals: string[];
  /** The function's environment from the template; references (Ref, GetAtt) replaced by placeholders. */
  env: Record<string, string>;
}

export interface Synth {
  outDir: string;
  seconds: number;
  bundles: LambdaBundle[];
  dispose(): Promise<void>;
}

/** Placeholders for environment values the template only knows as CloudFormation references. */
const PLACEHOLDERS: Record<string, string> = {
  TABLE_NAME: 'x',
  SLACK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:lookout-slack-AbCdEf',
};

/**
 * A real `cdk synth -q` into a temporary directory (not the shared cdk.out, which others synth into),
 * with `node_modules` symlinked beside it so the bundles' external `@aws-sdk/*` imports resolve from
 * the repo's node_modules, as they would from cdk.out.
 */
export async function synthBundles(root: string): Promise<Synth> {
  const outDir = await mkdtemp(join(tmpdir(), 'lookout-bench-synth-'));
  const dispose = () => rm(outDir, { recursive: true, force: true });
  try {
    await symlink(join(root, 'node_modules'), join(outDir, 'node_modules'), 'dir');
    // The shipped config plus a route53 section, so every Lambda Lookout can deploy is bundled: the
    // probe, and the zone poller and change-event handler that only exist when Route 53 is watched.
    const config = join(outDir, 'lookout.config.yaml');
    const shipped = await readFile(join(root, 'lookout.config.yaml'), 'utf8');
    await writeFile(config, `${shipped}\nroute53:\n  zones:\n    - id: Z0123456789ABCDEFGHIJ\n`);
    const started = performance.now();
    const args = ['synth', '-q', '-o', outDir, '-c', `config=${config}`, '-c', 'region=us-east-1'];
    await run(join(root, 'node_modules', '.bin', 'cdk'), args, root, 180_000);
    const seconds = (performance.now() - started) / 1000;
    const templates = (await readdir(outDir)).filter((f) => f.endsWith('.template.json'));
    const bundles: LambdaBundle[] = [];
    for (const file of templates)
      bundles.push(...(await bundlesOf(outDir, JSON.parse(await readFile(join(outDir, file), 'utf8')))));
    if (bundles.length === 0)
      throw new Error(`cdk synth produced no bundled Lambda function in ${templates.join(', ')}`);
    return { outDir, seconds, bundles, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

interface TemplateResource {
  Type: string;
  Properties?: { Handler?: string; Runtime?: string; Environment?: { Variables?: Record<string, unknown> } };
  Metadata?: Record<string, unknown>;
}

async function bundlesOf(
  outDir: string,
  template: { Resources?: Record<string, TemplateResource> },
): Promise<LambdaBundle[]> {
  const bundles: LambdaBundle[] = [];
  for (const resource of Object.values(template.Resources ?? {})) {
    const assetPath = resource.Metadata?.['aws:asset:path'];
    if (resource.Type !== 'AWS::Lambda::Function' || typeof assetPath !== 'string') continue;
    const assetDir = join(outDir, assetPath);
    const module = (resource.Properties?.Handler ?? 'index.handler').split('.')[0] ?? 'index';
    const entryFile = ['.mjs', '.js', '.cjs']
      .map((ext) => join(assetDir, module + ext))
      .find((f) => existsSync(f));
    if (!entryFile) throw new Error(`no ${module}.mjs/.js in ${assetDir}`);
    const text = await readFile(entryFile, 'utf8');
    bundles.push({
      function: String(resource.Metadata?.['aws:cdk:path'] ?? assetPath).replace(/\/Resource$/, ''),
      assetDir,
      entryFile,
      entryBytes: Buffer.byteLength(text),
      sourceMapBytes: existsSync(`${entryFile}.map`) ? (await stat(`${entryFile}.map`)).size : 0,
      assetBytes: await dirBytes(assetDir),
      runtime: resource.Properties?.Runtime ?? 'unknown',
      externals: [
        ...new Set(
          [...text.matchAll(/(?:from|import)\s*\(?\s*["'](@aws-sdk\/[^"']+)["']/g)].map(
            (m) => m[1] as string,
          ),
        ),
      ].sort(),
      env: envOf(resource.Properties?.Environment?.Variables ?? {}),
    });
  }
  return bundles;
}

function envOf(variables: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(variables).map(([k, v]) => [
      k,
      typeof v === 'string' ? v : (PLACEHOLDERS[k] ?? 'placeholder'),
    ]),
  );
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await dirBytes(path) : (await stat(path)).size;
  }
  return total;
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? code}):\n${output}`));
    });
  });
}
