import type * as z from '../../shared/zod.js';
import { apiFailureSchema } from './health-api-schema.js';
import type { EventUnit, UnitFailure } from './health-api-units.js';

/** An answer item that failed its schema: left out, named in the log. */
export interface InvalidItem {
  operation: string;
  reason: string;
}

/** The items that pass the schema; each one that fails is added to `invalid` with its reasons. */
export function validItems<S extends z.ZodMiniType>(
  operation: string,
  schema: S,
  items: readonly unknown[],
  invalid: InvalidItem[],
): z.infer<S>[] {
  return items.flatMap((item) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) return [parsed.data as z.infer<S>];
    const reason = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(item)'}: ${issue.message}`)
      .join('; ');
    invalid.push({ operation, reason });
    return [];
  });
}

/** failedSet items, matched to the units of the batch (by event and, when given, account). */
export function unitFailures(
  batch: readonly EventUnit[],
  failedSet: readonly unknown[],
  invalid: InvalidItem[],
): UnitFailure[] {
  return validItems('failedSet', apiFailureSchema, failedSet, invalid).flatMap((item) => {
    const unit = batch.find(
      (u) => u.arn === item.eventArn && (item.awsAccountId === undefined || u.account === item.awsAccountId),
    );
    if (!unit) return [];
    return [{ unit, error: `${item.errorName ?? 'failed'}: ${item.errorMessage ?? ''}`.trim() }];
  });
}
