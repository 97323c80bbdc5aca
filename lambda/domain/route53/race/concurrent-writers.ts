import { describeRecordSet, makeRaceSignal, type RaceDetector } from './context.js';

/**
 * CONCURRENT_WRITERS: ≥ 2 distinct writers other than Lookout changed the record set within the window.
 * Fires once per window: the history remembers when it did (`concurrentAlertedAt`).
 */
export const detectConcurrentWriters: RaceDetector = (ctx) => {
  const { history, config, own, windowStart, writes } = ctx;
  if (own) return undefined;
  const racers = [...new Set(writes.filter((w) => !w.own).map((w) => w.principalArn))];
  const alreadyAlerted =
    history.concurrentAlertedAt !== undefined && history.concurrentAlertedAt >= windowStart;
  if (racers.length < 2 || alreadyAlerted) return undefined;
  const labels = racers.map((arn) => arn.split('/').slice(-2).join('/'));
  return makeRaceSignal(
    ctx,
    'CONCURRENT_WRITERS',
    `${racers.length} writers changed ${describeRecordSet(history)} within ${config.windowSeconds} s: ${labels.join(', ')}`,
    { writers: labels.join(', '), windowSeconds: config.windowSeconds, writes: writes.length },
  );
};
