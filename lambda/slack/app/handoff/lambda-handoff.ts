import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { Handoff } from '../../../ports/handoff.js';
import { HandoffError } from '../errors.js';
import type { SlackJob } from '../jobs.js';

export interface LambdaHandoffOptions {
  /** Injected: the Slack Lambda's container-scoped client, or a test's client pointed at a local server. */
  client: LambdaClient;
  /** The worker function's name or ARN. */
  functionName: string;
}

/**
 * Hands a job to the worker Lambda with an asynchronous invoke (`InvocationType: Event`): Lambda queues
 * it and answers 202 at once, so the Slack request is acknowledged within Slack's 3 seconds while the
 * probe runs elsewhere. Lambda retries a failed asynchronous run twice; the worker's jobs are safe to
 * run again (a probe, an answer to the same response URL).
 */
export class LambdaHandoff implements Handoff {
  constructor(private readonly options: LambdaHandoffOptions) {}

  async send(job: SlackJob): Promise<void> {
    const out = await this.options.client.send(
      new InvokeCommand({
        FunctionName: this.options.functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(job)),
      }),
    );
    if (out.StatusCode !== 202) {
      throw new HandoffError(
        `the worker ${this.options.functionName} did not accept the ${job.kind} job (status ${out.StatusCode ?? 'none'})`,
      );
    }
  }
}
