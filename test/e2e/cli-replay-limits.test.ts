import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLAY_LIMITS } from '../../lambda/sources/route53/replay-input.js';
import { runCli } from '../support/cli.js';

/** `lookout replay` on input it must refuse: exit 1, one line on stderr, nothing replayed. */
describe('CLI: lookout replay refuses oversized and damaged input in one line (child process)', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lookout-replay-cli-'));
    // A gzip bomb against the default limit: 64 KiB of zeros more than it, ~130 KiB compressed.
    writeFileSync(
      file('bomb.json.gz'),
      gzipSync(Buffer.alloc(REPLAY_LIMITS.textBytes + 64 * 1024), { level: 9 }),
    );
    // Over the file-size limit without writing it: a sparse file.
    writeFileSync(file('huge.json'), '');
    truncateSync(file('huge.json'), REPLAY_LIMITS.fileBytes + 1);
    mkdirSync(file('a-directory'));
    const gz = gzipSync(readFileSync('test/events/cloudtrail/cloudtrail-log-file.json'));
    writeFileSync(file('cut.json.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    writeFileSync(file('random.bin'), Buffer.concat([Buffer.from([0x7b, 0xff]), randomBytes(4096)]));
    writeFileSync(file('package.json'), JSON.stringify({ name: 'not-events', version: '1.0.0' }));
    // A named pipe nobody writes to: opening it for reading would wait for a writer forever.
    execFileSync('mkfifo', [file('events.fifo')]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('documents the limits in --help', async () => {
    const help = await runCli(['replay', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      'at most 32 MiB as stored and 128 MiB once decompressed',
    );
  });

  it.each([
    [
      'bomb.json.gz',
      /^lookout: .*bomb\.json\.gz: gzip input expands to more than the 128 MiB limit; decompressed replay input must stay under it$/,
    ],
    [
      'huge.json',
      /^lookout: .*huge\.json is over the 32 MiB limit for replay input \(33,554,433 bytes\); split it/,
    ],
    ['a-directory', /^lookout: .*a-directory is a directory; give one file/],
    ['cut.json.gz', /^lookout: .*cut\.json\.gz: gzip input is cut short \(unexpected end of file\)/],
    ['random.bin', /^lookout: .*random\.bin: not UTF-8 text \(a binary file\?\); expected JSON events$/],
    ['package.json', /^lookout: .*package\.json: no CloudTrail event in the input/],
    ['events.fifo', /^lookout: .*events\.fifo is not a regular file \(a named pipe\); give one file/],
  ])('%s: exit 1 and one line', async (name, line) => {
    const run = await runCli(['replay', file(name)]);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
  });
});
