import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Vitest global setup: the CLI tests spawn bin/lookout.js as a user runs it, which runs dist/ when it is
 * fresh. Build it first (when a source changed since), so they test the built CLI, not the tsx fallback.
 */
export default function buildCli(): void {
  const script = fileURLToPath(new URL('../../scripts/build-cli.mjs', import.meta.url));
  execFileSync(process.execPath, [script, '--if-stale'], { stdio: 'inherit' });
}
