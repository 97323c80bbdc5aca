import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { InvalidReplayInputError } from '../../lambda/sources/route53/errors.js';
import {
  formatBytes,
  REPLAY_LIMITS,
  type ReplayInput,
  type ReplayLimits,
  readReplayInput,
} from '../../lambda/sources/route53/replay-input.js';

/**
 * Reads a replay file within `limits`: a regular file of at most `fileBytes` as stored (never more is
 * read, even if it grows meanwhile), whose text, gunzipped when it is gzip, is at most `textBytes`.
 *
 * @throws InvalidReplayInputError with one line naming the file: missing, unreadable, a directory, a
 *   named pipe or device (never waited on), over a limit, cut-short gzip, not UTF-8, or not events.
 */
export function readReplayFile(file: string, limits: ReplayLimits = REPLAY_LIMITS): ReplayInput {
  const bytes = readBounded(file, limits.fileBytes);
  try {
    return readReplayInput(bytes, limits);
  } catch (error) {
    if (error instanceof InvalidReplayInputError) {
      throw new InvalidReplayInputError(`${file}: ${error.message}`, error.line, { cause: error });
    }
    throw error;
  }
}

function readBounded(file: string, limit: number): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: opening a named pipe for reading would otherwise wait for a writer, forever. It does not
    // change how a regular file is read; anything else is refused below, before a byte is read.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (cause as Error).message;
    throw new InvalidReplayInputError(`cannot read ${file}: ${why}`, undefined, { cause });
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) {
      throw new InvalidReplayInputError(
        `${file} is a directory; give one file (an event, a JSON array or NDJSON of events, or a CloudTrail log file)`,
      );
    }
    if (!stat.isFile()) {
      throw new InvalidReplayInputError(
        `${file} is not a regular file (${kindOf(stat)}); give one file (an event, a JSON array or NDJSON of events, or a CloudTrail log file)`,
      );
    }
    const tooLarge = () =>
      new InvalidReplayInputError(
        `${file} is over the ${formatBytes(limit)} limit for replay input${stat.size > limit ? ` (${stat.size.toLocaleString('en-US')} bytes)` : ''}; split it, e.g. one CloudTrail log file at a time`,
      );
    if (stat.size > limit) throw tooLarge();
    // Reads until the end or one byte past the limit, whatever fstat said: the file may grow meanwhile.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1024 * 1024, limit + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > limit) throw tooLarge();
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}
