import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const LOOKOUT_BIN = fileURLToPath(new URL('../../bin/lookout.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Kill the child (SIGKILL) after this long; without it the child is never killed. */
  timeoutMs?: number;
  /** Run as this user and group (needs root), e.g. 65534 to act as `nobody`. */
  uid?: number;
  gid?: number;
}

/**
 * Runs `command args` in a child process, in the environment the CLI tests give Lookout (no colour, no
 * Slack token, then `env`), and collects its exit code and output.
 */
export function runCommand(command: string, args: string[], options: RunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, NO_COLOR: '1', SLACK_BOT_TOKEN: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.uid !== undefined ? { uid: options.uid } : {}),
      ...(options.gid !== undefined ? { gid: options.gid } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs `bin/lookout.js` as a user would, in a child process, with a bounded time (60 s unless told). */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliRun> {
  return runCommand(process.execPath, [LOOKOUT_BIN, ...args], {
    ...options,
    timeoutMs: options.timeoutMs ?? 60_000,
  });
}
