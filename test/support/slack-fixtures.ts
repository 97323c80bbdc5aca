import type { TimelineEntry, TimelineKind } from '../../lambda/domain/incident.js';
import type { Log } from '../../lambda/ports/log.js';
import type { SlackPort } from '../../lambda/slack/outbox-sender.js';

export type LogLine = { level: string; message: string; error?: unknown; extra?: Record<string, unknown> };

/**
 * A Log (so also a DeliveryLogger) that keeps every line in `lines`; `extra` only where one was given,
 * and on error lines the error object as logged.
 */
export function recordingLog(): Log & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const push = (level: string) => (message: string, extra?: Record<string, unknown>) => {
    lines.push({ level, message, ...(extra ? { extra } : {}) });
  };
  const error = (message: string, error?: unknown, extra?: Record<string, unknown>) => {
    lines.push({
      level: 'error',
      message,
      ...(error === undefined ? {} : { error }),
      ...(extra ? { extra } : {}),
    });
  };
  return { lines, debug: push('debug'), info: push('info'), warn: push('warn'), error };
}

/**
 * Makes entry `n` of an incident's timeline: id `e` and n zero-padded to `idDigits`, at `at(n)`, text
 * `<kind> entry <n>`, from the DNS probe; an OPENED entry carries one resolver's NODATA answer as evidence.
 */
export function timelineEntryMaker(options: {
  at: (n: number) => string;
  idDigits?: number;
}): (incidentId: string, n: number, kind: TimelineKind) => TimelineEntry {
  const { at, idDigits = 2 } = options;
  return (incidentId, n, kind) => ({
    incidentId,
    entryId: `e${String(n).padStart(idDigits, '0')}`,
    at: at(n),
    kind,
    source: 'dns-probe',
    text: `${kind} entry ${n}`,
    evidence:
      kind === 'OPENED'
        ? [
            {
              resolver: '10.0.0.2:53',
              kind: 'NODATA',
              values: [],
              rcode: 'NOERROR',
              negativeTtl: 60,
              latencyMs: 3,
            },
          ]
        : [],
  });
}

/** A SlackPort that forwards every call to `poster` except the ones `overrides` replaces. */
export function forwardingPort(poster: SlackPort, overrides: Partial<SlackPort> = {}): SlackPort {
  return {
    postRoot: (c, m, k) => poster.postRoot(c, m, k),
    postReply: (c, ts, m, k) => poster.postReply(c, ts, m, k),
    updateRoot: (ref, m) => poster.updateRoot(ref, m),
    findRoot: (c, k, since) => poster.findRoot(c, k, since),
    findReply: (root, k, since) => poster.findReply(root, k, since),
    ...overrides,
  };
}

/** A promise and the function that resolves it: a wrapper signals "this call happened" (or a test "go on") with it. */
export function signal<T = void>(): { promise: Promise<T>; fire: (value: T) => void } {
  let fire: (value: T) => void = () => {};
  const promise = new Promise<T>((resolve) => {
    fire = resolve;
  });
  return { promise, fire };
}
