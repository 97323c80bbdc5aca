import { formatTime } from '../../render/time.js';
import { ABSENT, writerLabel } from '../history.js';
import { describeRecordSet, makeRaceSignal, type RaceDetector } from './context.js';

/**
 * STALE_OVERWRITE: a change writes back content equal to an older version after a newer one was
 * applied, and the newer one became current within the window.
 */
export const detectStaleOverwrite: RaceDetector = (ctx) => {
  const { history, change, own, version, windowStart } = ctx;
  if (own) return undefined;
  // The versions written by known changes up to this one's time. Versions only a snapshot saw carry no
  // writer and only bound when a change happened; and a change can arrive after later versions were
  // recorded: comparing with the newest version would call every late event a stale overwrite.
  const written = history.versions.filter((v) => v.source !== 'route53-snapshot' && v.since <= change.at);
  const before = written.at(-1);
  // Writing a record set back after it was deleted is a repair, not a stale plan over a newer one.
  if (!before || before.hash === ABSENT || version.hash === ABSENT || version.hash === before.hash) {
    return undefined;
  }
  const older = written.slice(0, -1).findLast((v) => v.hash === version.hash);
  if (!older || before.since < windowStart) return undefined;
  const olderIndex = written.lastIndexOf(older) + 1;
  const newerIndex = written.length;
  return makeRaceSignal(
    ctx,
    'STALE_OVERWRITE',
    `${writerLabel(change.writer)} wrote back version ${olderIndex} of ${describeRecordSet(history)} (from ${formatTime(older.since)}, by ${writerLabel(older.writer)}) over the newer version ${newerIndex} (from ${formatTime(before.since)}, by ${writerLabel(before.writer)})`,
    {
      staleVersion: `v${olderIndex} (${formatTime(older.since)})`,
      newerVersion: `v${newerIndex} (${formatTime(before.since)}, ${writerLabel(before.writer)})`,
    },
  );
};
