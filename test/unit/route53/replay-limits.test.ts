import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readReplayFile } from '../../../bin/support/replay-file.js';
import { InvalidReplayInputError } from '../../../lambda/sources/route53/errors.js';
import { REPLAY_LIMITS, readReplayInput } from '../../../lambda/sources/route53/replay-input.js';

const EVENTS = new URL('../../events/cloudtrail/', import.meta.url);
const logFile = readFileSync(new URL('cloudtrail-log-file.json', EVENTS));
const KiB = 1024;

function refusal(fn: () => unknown): InvalidReplayInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidReplayInputError) return error;
    throw error;
  }
  throw new Error('expected an InvalidReplayInputError');
}

describe('Replay input limits and damaged input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lookout-replay-limits-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('documents 32 MiB as stored and 128 MiB decompressed', () => {
    expect(REPLAY_LIMITS).toEqual({ fileBytes: 32 * 1024 * KiB, textBytes: 128 * 1024 * KiB });
  });

  it('refuses a gzip bomb while decompressing, at the limit, naming it', () => {
    // 1 MiB of zeros is a ~1 KiB gzip: with a 64 KiB limit it is refused long before it is all inflated.
    const bomb = gzipSync(Buffer.alloc(1024 * KiB));
    expect(bomb.length).toBeLessThan(2 * KiB);

    const error = refusal(() => readReplayInput(bomb, { textBytes: 64 * KiB }));

    expect(error.message).toBe(
      'gzip input expands to more than the 64 KiB limit; decompressed replay input must stay under it',
    );
  });

  it('reads gzip that expands to exactly the limit', () => {
    const input = readReplayInput(gzipSync(logFile), { textBytes: logFile.length });
    expect(input.format).toBe('cloudtrail-log');
  });

  it('refuses plain input over the text limit', () => {
    expect(refusal(() => readReplayInput(logFile, { textBytes: logFile.length - 1 })).message).toMatch(
      /^replay input is over the [\d.]+ (bytes|KiB) limit$/,
    );
    expect(
      refusal(() => readReplayInput(logFile.toString('utf8'), { textBytes: logFile.length - 1 })).message,
    ).toMatch(/^replay input is over the [\d.]+ (bytes|KiB) limit$/);
  });

  it('names a gzip file that is cut short, and bytes that are not gzip after the magic number', () => {
    const gz = gzipSync(logFile);
    expect(refusal(() => readReplayInput(gz.subarray(0, gz.length - 20))).message).toMatch(
      /^gzip input is cut short \(unexpected end of file\)/,
    );
    expect(refusal(() => readReplayInput(Buffer.from([0x1f, 0x8b, 1, 2, 3, 4]))).message).toMatch(
      /^not valid gzip \(/,
    );
  });

  it('refuses bytes that are not UTF-8, and JSON with no event in it', () => {
    expect(refusal(() => readReplayInput(Buffer.from([0x7b, 0xff, 0xfe, 0x00]))).message).toBe(
      'not UTF-8 text (a binary file?); expected JSON events',
    );
    expect(refusal(() => readReplayInput('{"name":"lookout","version":"0.1.0"}')).message).toMatch(
      /^no CloudTrail event in the input \(it is not an EventBridge event or a CloudTrail record: no detail-type/,
    );
    expect(refusal(() => readReplayInput('[1, 2, {"a": 1}]')).message).toMatch(
      /^no CloudTrail event in the input \(none of its entries is/,
    );
  });

  it('readReplayFile: a file over the size limit is refused from its size, without reading it', () => {
    const file = join(dir, 'huge.json.gz');
    writeFileSync(file, '');
    truncateSync(file, 5 * 1024 * KiB); // sparse: no 5 MiB written

    const error = refusal(() =>
      readReplayFile(file, { fileBytes: 4 * 1024 * KiB, textBytes: REPLAY_LIMITS.textBytes }),
    );

    expect(error.message).toBe(
      `${file} is over the 4 MiB limit for replay input (5,242,880 bytes); split it, e.g. one CloudTrail log file at a time`,
    );
  });

  it('readReplayFile: a directory, a missing file, and damage are one line naming the file', () => {
    const sub = join(dir, 'a-directory');
    mkdirSync(sub);
    const cut = join(dir, 'cut.json.gz');
    const gz = gzipSync(logFile);
    writeFileSync(cut, gz.subarray(0, gz.length / 2));

    expect(refusal(() => readReplayFile(sub)).message).toMatch(
      new RegExp(`^${sub} is a directory; give one file`),
    );
    expect(refusal(() => readReplayFile(join(dir, 'nope.json'))).message).toBe(
      `cannot read ${join(dir, 'nope.json')}: no such file`,
    );
    expect(refusal(() => readReplayFile(cut)).message).toMatch(
      new RegExp(`^${cut}: gzip input is cut short`),
    );
  });

  it('readReplayFile: a named pipe (FIFO) or a device is refused at once, never waited on', () => {
    const fifo = join(dir, 'events.fifo');
    execFileSync('mkfifo', [fifo]);

    expect(refusal(() => readReplayFile(fifo)).message).toMatch(
      new RegExp(`^${fifo} is not a regular file \\(a named pipe\\); give one file`),
    );
    expect(refusal(() => readReplayFile('/dev/zero')).message).toMatch(
      /^\/dev\/zero is not a regular file \(a character device\); give one file/,
    );
  });

  it('readReplayFile reads a gzip log file whatever its name', () => {
    const file = join(dir, 'log-without-suffix');
    writeFileSync(file, gzipSync(logFile));
    expect(readReplayFile(file).format).toBe('cloudtrail-log');
  });
});
