// run.ts side: spawn the section (bench/route53-snapshot.ts --json) and collect its JSON line.
import { spawn } from 'node:child_process';
import { ENTRY, ROOT } from './constants.js';
import { exited } from './process.js';
import type { Route53SnapshotResult } from './types.js';

/** Runs the section in a child process (`--json`) and returns what it measured. */
export async function benchRoute53Snapshot(
  options: { quick?: boolean } = {},
): Promise<Route53SnapshotResult> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', ENTRY, '--json', ...(options.quick ? ['--quick'] : [])],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await exited(child, 6 * 60_000);
  if (code !== 0) throw new Error(`route53-snapshot.ts --json exited with ${code}`);
  const line = out.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as Route53SnapshotResult;
}
