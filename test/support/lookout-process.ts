import { type ChildProcess, spawn } from 'node:child_process';
import { LOOKOUT_BIN } from './cli.js';

export interface LookoutProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves once stdout or stderr matches; rejects if the process ends first. */
  until: (pattern: RegExp) => Promise<void>;
  exited: Promise<number | null>;
  /** Ctrl-C, then its exit code. */
  stop: () => Promise<number | null>;
}

/** `lookout <args>` in the background, as a user runs it in another terminal. */
export function spawnLookout(args: string[], env: NodeJS.ProcessEnv = {}): LookoutProcess {
  const child = spawn(process.execPath, [LOOKOUT_BIN, ...args], {
    env: { ...process.env, NO_COLOR: '1', SLACK_BOT_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (w.pattern.test(out) || w.pattern.test(err)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout?.on('data', (d) => {
    out += String(d);
    check();
  });
  child.stderr?.on('data', (d) => {
    err += String(d);
    check();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    until: (pattern) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ pattern, resolve });
        exited.then((code) => reject(new Error(`lookout exited (${code}) before ${pattern}: ${err}`)));
        check();
      }),
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/** The lines of `text`, without empty ones. */
export const linesOf = (text: string) => text.split('\n').filter(Boolean);
