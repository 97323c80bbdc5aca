import type { TriggerEvent } from '../../domain/triggers/trigger-event.js';
import * as z from '../../shared/zod.js';
import { InvalidTriggerError } from './errors.js';
import { parseGenericTrigger } from './generic.js';
import { issuesLine } from './issues.js';

/** The EventBridge `source` of a trigger put on a bus by your own tooling. */
export const TRIGGER_EVENTBRIDGE_SOURCE = 'lookout.trigger';

const envelopeSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  source: z.literal(TRIGGER_EVENTBRIDGE_SOURCE),
  time: z.iso.datetime({ offset: true }),
  detail: z.unknown(),
});

/** True for an EventBridge delivery with `source: lookout.trigger`, whatever else it holds. */
export function isTriggerEventBridgeEvent(input: unknown): boolean {
  return (
    typeof input === 'object' &&
    input !== null &&
    (input as Record<string, unknown>).source === TRIGGER_EVENTBRIDGE_SOURCE
  );
}

/**
 * The generic trigger in `detail`, through the same schema as the signed HTTPS one. No signature:
 * EventBridge's own permissions decide who may put events (the rule matches this source only).
 */
export function parseTriggerEventBridge(input: unknown): TriggerEvent {
  const parsed = envelopeSchema.safeParse(input);
  if (!parsed.success)
    throw new InvalidTriggerError(`invalid trigger event: ${issuesLine('', parsed.error)}`);
  const { id, time, detail } = parsed.data;
  return parseGenericTrigger(detail, {
    via: 'eventbridge',
    replayId: `eventbridge:${id}`,
    at: new Date(time).toISOString(),
    root: 'detail',
  });
}
