import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { COMPILED_SETUP_FILE, readCompiledSetup } from '../../lambda/config/compiled-setup.js';
import { loadConfigFile } from '../../lambda/config/load-config.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import { buildTestApp, CONFIG_FILE, REPO_ROOT } from './support.js';

const run = promisify(execFile);

type BundledFunction = { Properties: { Handler: string; Code: { S3Key: string } } };

describe('Bundle: probe Lambda', () => {
  it('bundles with local esbuild into an ESM file with source map, config and runbooks compiled beside it, and no yaml', async () => {
    const { stack, outdir } = buildTestApp({ configFile: CONFIG_FILE, bundling: true });
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    // The probe's, beside the AWS Health handler's (below).
    const [fn] = Object.entries(functions)
      .filter(([id]) => id.startsWith('Probing'))
      .map(([, f]) => f) as BundledFunction[];
    // The template names the zip by asset hash; the staged directory carries the same hash.
    const assetDir = join(outdir, `asset.${fn?.Properties.Code.S3Key.replace(/\.zip$/, '')}`);

    expect(fn?.Properties.Handler).toBe('index.handler');
    expect(readdirSync(assetDir).sort()).toEqual(['index.mjs', 'index.mjs.map', COMPILED_SETUP_FILE]);
    const setup = readCompiledSetup(join(assetDir, COMPILED_SETUP_FILE));
    expect(setup?.config).toEqual(loadConfigFile(CONFIG_FILE));
    expect(setup?.runbooks).toEqual(loadRunbooks());
    // The AWS SDK stays in the runtime; bundled it alone would be ~450 KB.
    const size = statSync(join(assetDir, 'index.mjs')).size;
    expect(size).toBeGreaterThan(0);
    expect(size).toBeLessThan(1_000_000);

    // Nothing parses YAML at cold start any more: the yaml package must not be in the bundle at all.
    const map = JSON.parse(readFileSync(join(assetDir, 'index.mjs.map'), 'utf8')) as { sources: string[] };
    expect(map.sources.some((s) => s.includes('lambda/handlers/probe.ts'))).toBe(true);
    expect(map.sources.filter((s) => s.includes('node_modules/yaml/'))).toEqual([]);

    // The bundle initialises from the compiled setup alone: no LOOKOUT_CONFIG, no runbook directory. The
    // @aws-sdk externals resolve from the repository, as the Lambda runtime would serve them.
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(outdir, 'node_modules'));
    const script = `const m = await import(${JSON.stringify(join(assetDir, 'index.mjs'))}); console.log(typeof m.handler);`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH, TABLE_NAME: 'lookout-test', AWS_REGION: 'us-east-1' },
    });
    expect(stdout.trim()).toBe('function');

    // The AWS Health event handler bundles and initialises from the same setup.
    const [health] = Object.entries(functions)
      .filter(([id]) => id.startsWith('HealthEvents'))
      .map(([, f]) => f) as BundledFunction[];
    const healthDir = join(outdir, `asset.${health?.Properties.Code.S3Key.replace(/\.zip$/, '')}`);
    expect(readdirSync(healthDir).sort()).toEqual(['index.mjs', 'index.mjs.map', COMPILED_SETUP_FILE]);
    const healthScript = `const m = await import(${JSON.stringify(join(healthDir, 'index.mjs'))}); console.log(typeof m.handler);`;
    const healthRun = await run(process.execPath, ['--input-type=module', '-e', healthScript], {
      env: { PATH: process.env.PATH, TABLE_NAME: 'lookout-test', AWS_REGION: 'us-east-1' },
    });
    expect(healthRun.stdout.trim()).toBe('function');
  });

  it('bundles the Slack function with Bolt, and its worker, the triggers and the probe without it; each initialises', async () => {
    const { stack, outdir } = buildTestApp({ configFile: CONFIG_FILE, bundling: true });
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    const assetOf = (prefix: string) => {
      const found = Object.entries(functions).filter(([id]) => id.startsWith(prefix)) as [
        string,
        BundledFunction,
      ][];
      expect(found).toHaveLength(1);
      return join(outdir, `asset.${found[0]?.[1].Properties.Code.S3Key.replace(/\.zip$/, '')}`);
    };
    const boltIn = (dir: string) =>
      (JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[] }).sources.some(
        (s) => s.includes('node_modules/@slack/bolt/'),
      );
    const slack = assetOf('SlackAppRequests');
    const others = ['SlackAppWorker', 'TriggersHandler', 'ProbingProbe'].map(assetOf);

    // Bolt (express, socket mode, oauth) only where Slack's requests arrive: never in the probe.
    expect(boltIn(slack)).toBe(true);
    expect(others.map(boltIn)).toEqual([false, false, false]);

    symlinkSync(join(REPO_ROOT, 'node_modules'), join(outdir, 'node_modules'));
    for (const dir of [slack, ...others]) {
      expect(readdirSync(dir).sort()).toEqual(['index.mjs', 'index.mjs.map', COMPILED_SETUP_FILE]);
      const script = `const m = await import(${JSON.stringify(join(dir, 'index.mjs'))}); console.log(typeof m.handler);`;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        env: { PATH: process.env.PATH, TABLE_NAME: 'lookout-test', AWS_REGION: 'us-east-1' },
      });
      expect(stdout.trim()).toBe('function');
    }
  });
});
