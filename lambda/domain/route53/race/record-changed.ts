import { writerLabel } from '../history.js';
import { describeRecordSet, makeRaceSignal, type RaceDetector } from './context.js';

/** RECORD_CHANGED: every change is a timeline entry naming its writer and what it wrote. */
export const detectRecordChanged: RaceDetector = (ctx) => {
  const { change, version } = ctx;
  const shown = version.content
    ? version.content.values.join(', ') || `alias ${version.content.alias?.dnsName ?? ''}`
    : '(deleted)';
  return makeRaceSignal(
    ctx,
    'RECORD_CHANGED',
    `${writerLabel(change.writer)} ${change.action} ${describeRecordSet(ctx.history)} → ${shown}${change.changeId ? ` (change ${change.changeId})` : ''}`,
    { action: change.action },
  );
};
