import type { Command } from 'commander';
import { look } from '../../lambda/domain/detectors/look.js';
import type { TargetState } from '../../lambda/domain/detectors/target-state.js';
import type { Observation } from '../../lambda/domain/observation.js';
import type { TextOptions } from '../../lambda/domain/render/text.js';
import type { Log } from '../../lambda/ports/log.js';
import { describeError } from '../../lambda/shared/describe-error.js';

export { describeError };

import { chosenTimeZone } from './time-zone-option.js';

/** Logs for a person at a terminal: warnings and errors on stderr, the rest only with LOOKOUT_DEBUG=1. */
export function terminalLog(
  stream: NodeJS.WritableStream = process.stderr,
  debug = process.env.LOOKOUT_DEBUG === '1',
): Log {
  const write = (level: string, message: string, extra?: Record<string, unknown>) =>
    stream.write(
      `${level} ${message}${extra && Object.keys(extra).length ? ` ${JSON.stringify(extra, errorsAsText)}` : ''}\n`,
    );
  return {
    debug: (m, e) => debug && write('debug', m, e),
    info: (m, e) => debug && write('info', m, e),
    warn: (m, e) => write('warn', m, e),
    error: (m, error, e) => {
      write('error', error === undefined ? m : `${m}: ${describeError(error)}`, e);
      if (debug && error instanceof Error && error.stack) stream.write(`${error.stack}\n`);
    },
  };
}

function errorsAsText(_key: string, value: unknown): unknown {
  return value instanceof Error ? describeError(value) : value;
}

/** What a target looks like right now, in a few words: printed when it changes. */
export function describeLook(observation: Observation, state?: Pick<TargetState, 'everPresent'>): string {
  const l = look(observation);
  if (l.kind === 'present') {
    const shown = l.values.slice(0, 3).join(', ') + (l.values.length > 3 ? `, … (${l.values.length})` : '');
    return `answering: ${shown}${l.ttl !== undefined ? ` (TTL ${l.ttl} s)` : ''}`;
  }
  if (l.kind === 'empty') {
    const noBaseline =
      state && !state.everPresent
        ? ' — never answered yet, so no baseline: EMPTY alerts once it has answered'
        : '';
    return `empty: ${l.rcodes.join('/')} from ${l.emptyVotes} of ${l.usable} answering resolvers${l.negativeTtl !== undefined ? ` (negative TTL ${l.negativeTtl} s)` : ''}${noBaseline}`;
  }
  return `unreachable: ${l.failures.join('; ')}`;
}

export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR;
}

/** How a command renders for the terminal: colour when it is one, times in `--tz`, else TZ, else UTC. */
export function textOptions(command: Command): TextOptions {
  return { color: useColor(), timeZone: chosenTimeZone(command) };
}
