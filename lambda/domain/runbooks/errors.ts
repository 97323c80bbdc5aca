/** A runbook file that does not match the schema or uses a placeholder Lookout cannot fill. */
export class RunbookError extends Error {
  readonly code = 'RUNBOOK_INVALID';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RunbookError';
  }
}
