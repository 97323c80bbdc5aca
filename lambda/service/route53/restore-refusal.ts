import { ChangeConflictError } from '../../sources/route53/errors.js';
import type { RestoreConflictError } from './errors.js';
import { describeContent } from './restore-steps.js';
import type { PreparedRestore } from './restore-types.js';

const GUARDRAIL = /guardrail|ALIAS_TARGET_CHECK|ACTIVE_RECORD_CHECK|ACTIVE_DELEGATION_CHECK/i;
const CHANGED = /not found|do not match|already exists/i;

/** Why Route 53 refused a submitted batch: the step text, and the conflict kind when it refused it whole. */
export function refusalOf(
  prepared: PreparedRestore,
  error: unknown,
): { text: string; conflict?: RestoreConflictError['reason']; route53Message: string } {
  if (!(error instanceof ChangeConflictError)) {
    const message = (error as Error).message;
    return { text: `Route 53 refused the change: ${message}; nothing was changed`, route53Message: message };
  }
  // The SDK leaves `messages` an empty array (Route 53 sends the standard error shape now), so the
  // adapter's route53Message can be empty: the SDK error's own message carries the text then.
  const said = error.route53Message || ((error.cause as Error | undefined)?.message ?? error.message);
  if (GUARDRAIL.test(said)) {
    return {
      text: `blocked by a Route 53 Change Guardrail, nothing was changed — Route 53 said: ${said}`,
      conflict: 'guardrail',
      route53Message: said,
    };
  }
  if (CHANGED.test(said)) {
    const then = prepared.current ? describeContent(prepared.current) : '(absent)';
    return {
      text: `record changed since you looked (Lookout read ${then}); Route 53 refused the whole batch, nothing was changed — run the restore again to plan against the new value. Route 53 said: ${said}`,
      conflict: 'changed',
      route53Message: said,
    };
  }
  return {
    text: `Route 53 refused the batch, nothing was changed — Route 53 said: ${said}`,
    conflict: 'refused',
    route53Message: said,
  };
}
