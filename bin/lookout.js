#!/usr/bin/env node
// The `lookout` command. It runs dist/, the CLI built to JavaScript by `npm install` (`prepare`), while
// dist/ is newer than every source it was built from; otherwise (sources edited since, or installed with
// --ignore-scripts) it says so in one line and runs the TypeScript sources through tsx, so an edit is never
// run stale. `npm run build` makes it fast again; the tests build before they run.

// The AWS SDK warns on every process that Node 20 support ends in 2027; the operator reading Lookout's
// timeline does not need that in the middle of it (README states the Node versions).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// V8 keeps doubling the young generation as it fills, up to two 16 MiB semi-spaces; a watcher's rounds
// allocate little, and with it held small its heap is half the size (peak RSS of `start` on the shipped
// targets ~105 → ~90 MiB, CPU within noise; BENCHMARKS.md). Set before anything allocates much: at run time
// V8 honours the growth factor, not the size bound alone.
const { setFlagsFromString } = await import('node:v8');
setFlagsFromString('--max-semi-space-size=2');
setFlagsFromString('--semi-space-growth-factor=1');
// `start` is a watcher that idles between rounds. TurboFan's background compile jobs leave several MiB
// in worker-thread malloc arenas and optimized code behind, and V8's default old-generation growth lets a
// 1,000-target watcher pile up garbage to ~190 MiB. Without TurboFan (Sparkplug still compiles hot code)
// and with memory-first heap growth, peak RSS over 10 rounds: shipped targets ~82 -> ~68 MiB (CPU same),
// 1,000 targets ~188 -> ~87 MiB (CPU ~+20 %). Neither lowers any heap limit, so neither can cause an OOM.
if (process.argv.slice(2).includes('start')) {
  setFlagsFromString('--no-opt');
  setFlagsFromString('--optimize-for-size');
}

const { freshBuild } = await import('./build-state.js');
const build = freshBuild();
if (build) {
  const { main } = await import('../dist/main.js');
  await main(process.argv, build.commands);
} else {
  // Said to a person at a terminal only: output that a script or test reads stays the same either way.
  if (process.stderr.isTTY)
    process.stderr.write(
      'lookout: dist/ is missing or older than the sources; running them through tsx (`npm run build` starts faster)\n',
    );
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('./cli.ts');
  await main(process.argv);
}
