#!/usr/bin/env node
// Builds the `lookout` CLI to JavaScript in dist/ (run by `prepare`, so on every `npm install`/`npm ci`,
// and by the test setup). bin/lookout.js runs dist/ while it is newer than every source it was built
// from, so nothing transpiles TypeScript at run time; each command is its own chunk, loaded on use.
//
// `--if-stale` skips the build when dist/ is already fresh.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { BUILD_FILE, DIST, freshBuild } from '../bin/build-state.js';

const root = fileURLToPath(new URL('../', import.meta.url));
if (process.argv.includes('--if-stale') && freshBuild()) process.exit(0);

const out = `${DIST}.tmp-${process.pid}`;
rmSync(out, { recursive: true, force: true });
const builtAt = Date.now();

const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: { main: 'bin/main.ts', cli: 'bin/cli.ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outdir: out,
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  plugins: [sourceRelativeMetaUrl()],
});

const inputs = Object.keys(result.metafile.inputs).filter((path) => !path.startsWith('node_modules/'));
assertRuntimeDependencies(result.metafile);

// The top-level help lists every command; the manifest lets it do so without loading them.
const { buildProgram, commandManifest } = await import(pathToFileURL(join(out, 'cli.js')).href);
const commands = commandManifest(buildProgram());
writeFileSync(join(out, BUILD_FILE), `${JSON.stringify({ builtAt, inputs, commands }, null, 1)}\n`);
publish(out, DIST);

/**
 * A module finds files beside its source (runbooks/, package.json) through import.meta.url: in the bundle
 * it still names the source file, as a path relative to the chunk, so a moved checkout keeps working.
 * Every output file sits at the same depth below dist/ (chunks/ one deeper, entries re-export them).
 */
function sourceRelativeMetaUrl() {
  return {
    name: 'source-relative-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const fromChunk = relative(join(DIST, 'chunks'), args.path);
        const fromEntry = relative(DIST, args.path);
        const inChunk = "import.meta.url.slice(0, import.meta.url.lastIndexOf('/')).endsWith('/chunks')";
        const url = `new URL(${inChunk} ? ${JSON.stringify(fromChunk)} : ${JSON.stringify(fromEntry)}, import.meta.url).href`;
        return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
      });
    },
  };
}

/** The CLI's bundle may import only what package.json lists under `dependencies` (or Node itself). */
function assertRuntimeDependencies(metafile) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const declared = new Set(Object.keys(pkg.dependencies ?? {}));
  const missing = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const { path, external } of output.imports) {
      if (!external || path.startsWith('node:') || path.startsWith('.')) continue;
      const name = path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0];
      if (!declared.has(name) && !isNodeBuiltin(name)) missing.add(name);
    }
  }
  if (missing.size) {
    rmSync(out, { recursive: true, force: true });
    console.error(`build-cli: the CLI imports ${[...missing].join(', ')}: list them under "dependencies"`);
    process.exit(1);
  }
}

function isNodeBuiltin(name) {
  return builtinModules.includes(name);
}

/** Replaces dist/ whole, so a concurrent build or a starting `lookout` never sees half of each. */
function publish(from, to) {
  try {
    renameSync(from, to);
    return;
  } catch {
    // dist/ exists: move it aside first.
  }
  const old = `${to}.old-${process.pid}`;
  try {
    renameSync(to, old);
  } catch {
    // Another build moved it already.
  }
  try {
    renameSync(from, to);
  } catch {
    // Another build published first; its output is as fresh as ours.
    rmSync(from, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
}
