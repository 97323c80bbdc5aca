import { errors, HealthApiError } from './errors.js';

export type HealthFaultError =
  | 'InternalFailure'
  | 'ServiceUnavailable'
  | 'ThrottlingException'
  /** The connection is destroyed without a response (the SDK sees ECONNRESET). */
  | 'ConnectionReset'
  /**
   * Not an error: the answer is served, but its `nextToken` is the token the request carried (a first
   * page keeps its own), so a client that trusts it asks for the same page forever.
   */
  | 'RepeatPageToken'
  | { status: number; type: string; message: string };

export interface HealthFault {
  /** Only this operation (e.g. `DescribeEvents`); any when omitted. */
  operation?: string;
  /** Only requests to this region's endpoint; either when omitted. */
  region?: string;
  error: HealthFaultError;
  /** How many matching requests it affects (default 1). */
  times?: number;
}

/** One-shot (or n-shot) faults, consumed by the first matching requests. */
export class HealthFaultQueue {
  private readonly faults: Array<HealthFault & { remaining: number }> = [];

  add(fault: HealthFault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.faults.length = 0;
  }

  /** The fault for this request, if any: `'reset'`, `'repeat-token'` or the error to answer with. */
  take(operation: string, region: string): HealthApiError | 'reset' | 'repeat-token' | undefined {
    const index = this.faults.findIndex(
      (fault) =>
        (fault.operation === undefined || fault.operation === operation) &&
        (fault.region === undefined || fault.region === region),
    );
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    switch (fault.error) {
      case 'ConnectionReset':
        return 'reset';
      case 'RepeatPageToken':
        return 'repeat-token';
      case 'InternalFailure':
        return errors.internalFailure();
      case 'ServiceUnavailable':
        return new HealthApiError(503, 'ServiceUnavailableException', 'Service Unavailable');
      case 'ThrottlingException':
        return errors.throttling();
      default:
        return new HealthApiError(fault.error.status, fault.error.type, fault.error.message);
    }
  }
}
