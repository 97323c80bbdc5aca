import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildTestApp, CONFIG_FILE, REPO_ROOT } from './support.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
}

describe('Bundle: probe Lambda', () => {
  it('bundles with local esbuild into an ESM file with source map and the runbooks beside it', () => {
    const { stack, outdir } = buildTestApp({ configFile: CONFIG_FILE, bundling: true });
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    const [fn] = Object.values(functions) as { Properties: { Handler: string; Code: { S3Key: string } } }[];
    // The template names the zip by asset hash; the staged directory carries the same hash.
    const assetDir = join(outdir, `asset.${fn?.Properties.Code.S3Key.replace(/\.zip$/, '')}`);

    const files = readdirSync(assetDir);
    expect(fn?.Properties.Handler).toBe('index.handler');
    expect(files).toEqual(expect.arrayContaining(['index.mjs', 'index.mjs.map', 'runbooks']));
    expect(yamlFiles(join(assetDir, 'runbooks'))).toEqual(yamlFiles(join(REPO_ROOT, 'runbooks')));
    // The AWS SDK stays in the runtime; bundled it alone would be ~450 KB.
    const size = statSync(join(assetDir, 'index.mjs')).size;
    expect(size).toBeGreaterThan(0);
    expect(size).toBeLessThan(1_000_000);
  });
});
