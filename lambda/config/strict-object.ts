import * as z from '../shared/zod.js';
import { unknownKeysMessage } from './unknown-keys.js';

/**
 * `z.strictObject` whose unknown keys are named with the nearest known key ("unknown key `detecton` —
 * did you mean `detection`?"), so a typo is not a silently ignored setting nor a bare "Unrecognized key".
 */
export function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, Object.keys(shape)) : undefined,
  });
}
