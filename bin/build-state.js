// Whether dist/ (the CLI built to JavaScript by scripts/build-cli.mjs) is newer than every source file it
// was built from. Plain JavaScript: bin/lookout.js reads it before anything can transpile TypeScript.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const DIST = fileURLToPath(new URL('../dist', import.meta.url));
export const BUILD_FILE = 'build.json';

/**
 * The build's record (`{ builtAt, inputs, commands }`) when dist/ exists and no input has changed since
 * it was built; otherwise undefined. A new file matters only once an input imports it, which changes that
 * input's time.
 * @returns {{ builtAt: number, inputs: string[], commands: unknown[] } | undefined}
 */
export function freshBuild() {
  let build;
  try {
    build = JSON.parse(readFileSync(`${DIST}/${BUILD_FILE}`, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof build?.builtAt !== 'number' || !Array.isArray(build.inputs)) return undefined;
  for (const input of build.inputs) {
    try {
      if (statSync(ROOT + input).mtimeMs > build.builtAt) return undefined;
    } catch {
      return undefined;
    }
  }
  return build;
}
