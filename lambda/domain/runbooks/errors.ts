import { LookoutError } from '../errors.js';

/** A runbook file that does not match the schema or uses a placeholder Lookout cannot fill. */
export class RunbookError extends LookoutError {
  // Spelled out: the Lambda bundle is minified, so the class's own name would not survive.
  override name = 'RunbookError';
  readonly code = 'RUNBOOK_INVALID';
}
