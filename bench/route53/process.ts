// Process plumbing shared by the section's processes: waiting for a child's exit, IPC inboxes on both
// ends, and a process's own peak RSS.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Resolves with the child's exit code; kills it (SIGKILL) and rejects after `timeoutMs`. */
export function exited(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolveExit, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child ${child.pid} still running after ${timeoutMs / 1000} s; killed`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolveExit(code);
    });
  });
}

/** Messages from a child over IPC, awaited by kind; a child that exits early rejects the wait. */
export function messages<T extends { kind: string }>(child: ChildProcess) {
  const queue: T[] = [];
  let waiter: { kind: string; resolve: (m: T) => void; reject: (e: Error) => void } | undefined;
  const deliver = () => {
    const at = waiter ? queue.findIndex((m) => m.kind === waiter?.kind) : -1;
    if (waiter && at >= 0) {
      const w = waiter;
      waiter = undefined;
      w.resolve(queue.splice(at, 1)[0] as T);
    }
  };
  child.on('message', (m) => {
    queue.push(m as T);
    deliver();
  });
  child.once('exit', (code) =>
    waiter?.reject(new Error(`poller child exited (${code}) before sending ${waiter.kind}`)),
  );
  return {
    next<K extends T['kind']>(kind: K): Promise<Extract<T, { kind: K }>> {
      return new Promise((resolveNext, reject) => {
        waiter = { kind, resolve: resolveNext as (m: T) => void, reject };
        deliver();
      });
    },
  };
}

/** Messages from the parent over IPC (poller side), awaited by kind. */
export function parentMessages() {
  const queue: { kind: string }[] = [];
  const waiters: { kind: string; resolve: (m: { kind: string }) => void }[] = [];
  process.on('message', (m: { kind: string }) => {
    const at = waiters.findIndex((w) => w.kind === m.kind);
    if (at >= 0) waiters.splice(at, 1)[0]?.resolve(m);
    else queue.push(m);
  });
  return {
    next(kind: string): Promise<{ kind: string }> {
      const at = queue.findIndex((m) => m.kind === kind);
      if (at >= 0) return Promise.resolve(queue.splice(at, 1)[0] as { kind: string });
      return new Promise((resolveNext) => waiters.push({ kind, resolve: resolveNext }));
    },
  };
}

/** This process's peak RSS so far (VmHWM from /proc/self/status), in bytes. */
export function vmHwm(): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}
