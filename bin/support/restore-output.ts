import { createInterface } from 'node:readline/promises';
import { NothingToRestoreError } from '../../lambda/domain/route53/errors.js';
import {
  describeKey,
  NoLastKnownGoodError,
  RestoreConflictError,
  type RestoreResult,
} from '../../lambda/service/route53/restore.js';
import { NotFoundError } from '../../lambda/store/errors.js';
import { EXIT } from './exit-codes.js';
import { ServiceAccessError, ServiceUnreachableError, serviceFailure } from './service-failures.js';

export const RESTORE_EXIT = { restored: 0, usage: 1, conflict: 5, unverified: 6 } as const;

/** What the confirmation needs from the terminal. */
export interface ConfirmIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Whether a person can answer the confirmation. */
  interactive: () => boolean;
  /** Asks a yes/no question on the terminal. */
  confirm: (question: string) => Promise<boolean>;
}

// The plan's words are shared with Slack's confirmation modal (lambda/service/route53/restore-plan-lines.ts).
export { planLines } from '../../lambda/service/route53/restore-plan-lines.js';

export function resultLines(result: RestoreResult): string[] {
  if (result.outcome === 'verified') {
    return [`restored ${describeKey(result.key)} (change ${result.changeId}) and verified`];
  }
  return [
    `submitted change ${result.changeId ?? '?'} for ${describeKey(result.key)}, but it is not verified: see the steps above`,
  ];
}

/**
 * Asks before applying unless `yes`: undefined to go on, else the exit code of not applying (not on a
 * terminal, or the operator said no).
 */
export async function confirmApply(yes: boolean | undefined, io: ConfirmIo): Promise<number | undefined> {
  if (yes) return undefined;
  if (!io.interactive()) {
    io.err(
      'lookout: not on a terminal, so nothing was changed; review the plan above and add --yes to apply it',
    );
    return RESTORE_EXIT.usage;
  }
  if (!(await io.confirm('Apply this change to Route 53? [y/N] '))) {
    io.out('not applied: nothing was changed');
    return RESTORE_EXIT.usage;
  }
  return undefined;
}

/**
 * The exit code for an error the operator should see as one clear line; undefined for the unexpected.
 * `endpoint` is `--endpoint`, named when Route 53 cannot be reached there; `submitting` says the error
 * came while the batch was being sent.
 */
export function exitCodeOf(
  error: unknown,
  err: (line: string) => void,
  context: { endpoint?: string | undefined; submitting?: boolean } = {},
): number | undefined {
  if (error instanceof RestoreConflictError) {
    err(`lookout: ${error.message}`);
    return RESTORE_EXIT.conflict;
  }
  if (error instanceof NothingToRestoreError) {
    err(`lookout: nothing to restore: ${error.message}`);
    return RESTORE_EXIT.restored;
  }
  if (error instanceof NoLastKnownGoodError || error instanceof NotFoundError) {
    err(`lookout: ${error.message}; nothing was changed`);
    return RESTORE_EXIT.usage;
  }
  const failure = serviceFailure(error, {
    service: 'the Route 53 API',
    ...(context.endpoint ? { endpoint: context.endpoint } : {}),
  });
  if (failure) {
    // Reading and planning change nothing; a batch whose connection broke mid-request may have arrived.
    const mayHaveApplied =
      context.submitting && failure instanceof ServiceUnreachableError && !failure.neverSent;
    err(
      `lookout: ${failure.message}; ${mayHaveApplied ? 'Route 53 may have taken the batch: run the same command with --dry-run to see what it holds now' : 'nothing was changed'}`,
    );
    return failure instanceof ServiceAccessError ? EXIT.notPermitted : EXIT.unavailable;
  }
  return undefined;
}

export async function askOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
