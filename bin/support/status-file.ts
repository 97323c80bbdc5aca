import {
  closeSync,
  constants,
  lstatSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Log } from '../../lambda/ports/log.js';
import * as z from '../../lambda/shared/zod.js';
import { accessError, checkOwner } from './local-store-permissions.js';
import { targetViewSchema } from './target-view.js';
import type { WatchBoard } from './watch-board.js';

/** In the data directory: the running `lookout start`'s view of its targets, rewritten every round. */
export const STATUS_FILE = 'status.json';
const FORMAT = 'lookout-status 1';

export const statusFileSchema = z.object({
  format: z.literal(FORMAT),
  pid: z.int(),
  /** The store endpoint the start served: a start still serving it is the one that wrote this file. */
  endpoint: z.string(),
  startedAt: z.string(),
  intervalSeconds: z.number(),
  rounds: z.int().check(z.nonnegative()),
  lastRound: z.optional(z.object({ endedAt: z.string(), ms: z.number() })),
  targets: z.array(targetViewSchema),
});
export type StatusFile = z.infer<typeof statusFileSchema>;

/**
 * Publishes `lookout start`'s current view for `lookout status` in `<dataDir>/status.json`: written
 * whole to a new private file (0600, never through a link or someone else's file) and renamed over the
 * old one, so a reader sees the previous round or this one, never half of one. Like `endpoint` and
 * `token`, it is withdrawn when the start stops, fails, or exits because its output was closed; only a
 * `kill -9` leaves it, and `lookout status` tells such a file from a running start's by its endpoint.
 * A failed write is warned about once and the watch goes on: status is not worth stopping a watch for.
 */
export class StatusPublisher {
  private warned = false;
  private published = false;
  private readonly onExit = () => this.withdraw();

  constructor(
    private readonly dir: string,
    private readonly run: { pid: number; endpoint: string; startedAt: string; intervalSeconds: number },
    private readonly log: Log,
  ) {}

  publish(board: WatchBoard): void {
    const status: StatusFile = {
      format: FORMAT,
      ...this.run,
      rounds: board.rounds,
      ...(board.lastRound
        ? {
            lastRound: {
              endedAt: new Date(board.lastRound.endedAt).toISOString(),
              ms: board.lastRound.ms,
            },
          }
        : {}),
      targets: board.list(),
    };
    try {
      if (!this.published) process.on('exit', this.onExit);
      this.published = true;
      writeAtomically(join(this.dir, STATUS_FILE), `${JSON.stringify(status)}\n`);
      this.warned = false;
    } catch (error) {
      if (this.warned) return;
      this.warned = true;
      this.log.warn(
        `cannot write ${join(this.dir, STATUS_FILE)} (lookout status shows the stored state instead): ${(error as Error).message}`,
      );
    }
  }

  /**
   * Removes status.json, unless it is not the one this start wrote (another start's names its own
   * endpoint). Never throws: it runs on the way out, where a file left behind does no harm — it names
   * an endpoint nobody serves, and `lookout status` says so.
   */
  withdraw(): void {
    process.off('exit', this.onExit);
    if (!this.published) return;
    this.published = false;
    const file = join(this.dir, STATUS_FILE);
    try {
      rmSync(`${file}.tmp`, { force: true });
      const read = readStatusFile(this.dir);
      if (read.state === 'found' && read.status.endpoint === this.run.endpoint) rmSync(file, { force: true });
    } catch (error) {
      this.log.warn(`could not remove ${file}: ${(error as Error).message}`);
    }
  }
}

function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.tmp`;
  rmSync(temporary, { force: true });
  const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

export type StatusRead =
  | { state: 'none' }
  | { state: 'found'; status: StatusFile }
  /** There, but not a status file this Lookout wrote: ignored, with why. */
  | { state: 'unusable'; why: string };

/**
 * Reads `<dataDir>/status.json`. It must be a regular file of this user's (another user's file in the
 * store is refused as every Lookout entry is: StoreAccessError, exit 77) holding what a start writes.
 */
export function readStatusFile(dir: string): StatusRead {
  const file = join(dir, STATUS_FILE);
  let text: string;
  try {
    const stat = lstatSync(file);
    if (!stat.isFile()) return { state: 'unusable', why: `${file} is not a regular file` };
    checkOwner(file, stat);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { state: 'none' };
    if (code === 'EACCES' || code === 'EPERM') throw accessError(file, error);
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { state: 'unusable', why: `${file} is not JSON` };
  }
  const parsed = statusFileSchema.safeParse(raw);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const what = issue
      ? ` (${issue.path.length ? issue.path.map(String).join('.') : '(root)'}: ${issue.message})`
      : '';
    return { state: 'unusable', why: `${file} is not a status file this Lookout wrote${what}` };
  }
  return { state: 'found', status: parsed.data };
}
