import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeError, terminalLog } from '../../../bin/support/terminal.js';
import { log, logger } from '../../../lambda/handlers/lambda-runtime.js';

function captured(stream: PassThrough): string {
  return (stream.read() as Buffer | null)?.toString('utf8') ?? '';
}

describe('Error logs keep the error, its stack and its causes', () => {
  afterEach(() => vi.restoreAllMocks());

  it('Lambda: Powertools gets the error object and writes its name, stack and cause chain', () => {
    const lines: string[] = [];
    // Powertools prints one JSON line per entry through its own Console: read that line, not our call.
    const sink = (logger as unknown as { console: Console }).console;
    for (const method of ['log', 'info', 'warn', 'error'] as const) {
      vi.spyOn(sink, method).mockImplementation((line: unknown) => void lines.push(String(line)));
    }
    const cause = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    log.error('zone snapshot failed', new Error('ListResourceRecordSets failed', { cause }), {
      zoneId: 'Z1',
    });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry.zoneId).toBe('Z1');
    expect(entry.error).toMatchObject({
      name: 'Error',
      message: 'ListResourceRecordSets failed',
      cause: { name: 'ThrottlingException', message: 'Rate exceeded' },
    });
    expect(entry.error.stack).toContain('error-logs.test.ts');
  });

  it('terminal: the message names every cause, and warn extras show errors as text, not {}', () => {
    const stream = new PassThrough();
    const terminal = terminalLog(stream, false);
    const error = new Error('cannot read the outbox', {
      cause: new Error('connect ECONNREFUSED 127.0.0.1:4567'),
    });
    terminal.error('Slack delivery failed', error, { channel: 'C1' });
    terminal.warn('could not save the latest target states', { error: new Error('disk full') });
    expect(captured(stream)).toBe(
      'error Slack delivery failed: cannot read the outbox ← caused by: connect ECONNREFUSED 127.0.0.1:4567 {"channel":"C1"}\n' +
        'warn could not save the latest target states {"error":"disk full"}\n',
    );
  });

  it('describes non-Error throwables and stops at a cause cycle', () => {
    expect(describeError('plain string')).toBe('plain string');
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(describeError(b).split(' ← caused by: ')).toHaveLength(5);
  });
});
