import { errors, Route53Error } from './errors.js';

export type FaultError =
  | 'PriorRequestNotComplete'
  | 'Throttling'
  | 'InternalFailure'
  | 'ServiceUnavailable'
  /** The connection is destroyed without a response (the SDK sees ECONNRESET). */
  | 'ConnectionReset'
  | { status: number; code: string; message: string };

export interface Fault {
  /** Only requests for this operation (e.g. `ChangeResourceRecordSets`); any when omitted. */
  operation?: string;
  /** The error to answer with; with only `delayMs`, the request succeeds slowly. */
  error?: FaultError;
  /** Wait this long before answering (or before failing). */
  delayMs?: number;
  /** How many matching requests this fault affects (default 1). */
  times?: number;
}

/** What the HTTP layer does with one request. */
export interface FaultOutcome {
  delayMs: number;
  error?: Route53Error;
  reset: boolean;
}

/** A queue of one-shot (or n-shot) faults, consumed by the first matching requests. */
export class FaultQueue {
  private readonly faults: Array<Fault & { remaining: number }> = [];

  add(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.faults.length = 0;
  }

  take(operation: string): FaultOutcome | undefined {
    const index = this.faults.findIndex(
      (fault) => fault.operation === undefined || fault.operation === operation,
    );
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    const outcome: FaultOutcome = { delayMs: fault.delayMs ?? 0, reset: fault.error === 'ConnectionReset' };
    const error = toError(fault.error);
    if (error) outcome.error = error;
    return outcome;
  }
}

function toError(error: FaultError | undefined): Route53Error | undefined {
  switch (error) {
    case undefined:
    case 'ConnectionReset':
      return undefined;
    case 'PriorRequestNotComplete':
      return errors.priorRequestNotComplete();
    case 'Throttling':
      return errors.throttling();
    case 'InternalFailure':
      return errors.internalFailure();
    case 'ServiceUnavailable':
      return errors.serviceUnavailable();
    default:
      return new Route53Error(error.status, error.code, error.message);
  }
}
