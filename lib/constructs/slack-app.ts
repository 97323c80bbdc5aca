import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue.js';
import { type LambdaDefaults, LookoutFunction } from './lambda-defaults.js';
import { reservedConcurrency } from './reserved-concurrency.js';
import { nagArn, route53Arn } from './route53-watch.js';
import { type LookoutResources, wireFunction } from './wiring.js';

/**
 * Slack gives up on a request after 3 s, so anything past that is lost work; 10 s leaves room for a cold
 * start (Bolt's bundle, then the Slack secret read) without a timeout error on a request that Slack will
 * retry anyway.
 */
export const SLACK_REQUEST_TIMEOUT = Duration.seconds(10);
/**
 * Bolt's bundle (~1.7 MB) took ~280 ms of a full core to import beyond bare Node (`npm run bench`).
 * Lambda gives CPU in proportion to memory (one vCPU at 1,769 MB): at 256 MB that import alone would take
 * ~2 s of Slack's 3 s; at 1,024 MB ~0.5 s, leaving the rest for the secret read and the answer.
 */
export const SLACK_REQUEST_MEMORY_MB = 1024;
/**
 * A live `check`, a restore waiting for Route 53 INSYNC (usually < 60 s), an upload: well under two minutes.
 * Its outbox delivery stops starting posts 15 s before the end (WORKER_DELIVERY_MARGIN_MS), so this must
 * stay well above 15 s.
 */
export const SLACK_WORKER_TIMEOUT = Duration.minutes(2);

/**
 * What the worker may do on the configured hosted zones, only with `route53.restoreFromSlack: true`: read
 * the current record set (the compare of compare-and-swap) and change it.
 */
export const ROUTE53_RESTORE_ACTIONS = ['route53:ListResourceRecordSets', 'route53:ChangeResourceRecordSets'];
/** The Slack function plans a restore (reads only) to show its diff in the confirmation modal. */

/**
 * The Slack request function sits behind an auth-NONE Function URL, so anyone can invoke it: unsigned
 * requests are refused quickly, but a flood of them would still take the account's unreserved
 * concurrency and throttle the probe. Reserving caps it. 10: a request is answered in well under a
 * second once warm (slow work goes to the worker), so 10 at once serve far more clicks and commands than
 * a channel of responders makes; one over the cap gets 429 and Slack shows the person a retryable error.
 * The recommended cap, applied only when asked for (see reservedConcurrency for why not by default).
 */
export const SLACK_REQUESTS_RESERVED_CONCURRENCY = 10;

export interface SlackAppProps {
  readonly defaults: LambdaDefaults;
  readonly resources: LookoutResources;
  /** Reserved concurrency of the Slack request function; default none (see reservedConcurrency). */
  readonly requestsReservedConcurrency?: number | false;
}

/**
 * The two-way Slack app: Slack's requests (slash commands, buttons, modals, shortcuts) reach the Slack
 * function through a Function URL; it acknowledges within Slack's 3 s and hands slow work to the worker
 * with an asynchronous invoke. Bolt lives in this function only, never in the probe.
 */
export class SlackApp extends Construct {
  readonly requests: lambda.Function;
  /** Paste into the Slack app: the slash command's and interactivity's request URL. */
  readonly requestUrl: lambda.FunctionUrl;
  readonly worker: lambda.Function;
  readonly workerRole: iam.IRole;
  readonly requestsRole: iam.IRole;
  readonly workerDeadLetterQueue: sqs.Queue;
  /** The request function's reserved concurrency, when capped (its throttles are alarmed on). */
  readonly requestsReservedConcurrency: number | undefined;
  /** Present only after grantRestore (`route53.restoreFromSlack: true`): the worker's. */
  restorePolicy?: iam.Policy;

  constructor(scope: Construct, id: string, props: SlackAppProps) {
    super(scope, id);
    this.workerDeadLetterQueue = deadLetterQueue(
      this,
      'WorkerDeadLetterQueue',
      "This queue is itself the dead-letter target: the Slack worker's async on-failure destination (a job lost to a crash or a timeout, with the error). Nothing else sends to it, so it needs no queue of its own.",
    );

    const worker = new LookoutFunction(this, 'Worker', {
      defaults: props.defaults,
      entry: 'lambda/handlers/slack-worker.ts',
      description: 'Lookout Slack worker: runs the slow work the Slack function acknowledged',
      timeout: SLACK_WORKER_TIMEOUT,
      memorySize: 256,
      // The worker claims each job before it runs and never throws on a failed job (it answers the
      // person), so a retry could only meet its own claim; a job lost to a crash goes to the queue.
      retryAttempts: 0,
      // A response URL answers for 30 minutes: a job queued longer has nobody left to answer.
      maxEventAge: Duration.minutes(30),
      onFailure: new destinations.SqsDestination(this.workerDeadLetterQueue),
    });
    this.worker = worker.function;
    this.workerRole = worker.role;
    // The store, and the Slack secret: answers go to each job's response URL, but `timeline` uploads
    // the export (files.uploadV2) and a change from Slack sends the outbox, both with the bot token.
    wireFunction(this.worker, props.resources);

    this.requestsReservedConcurrency = reservedConcurrency(
      'slackRequestsReservedConcurrency',
      props.requestsReservedConcurrency,
    );
    const requests = new LookoutFunction(this, 'Requests', {
      defaults: props.defaults,
      entry: 'lambda/handlers/slack.ts',
      description: "Lookout Slack app: answers Slack's commands, buttons and modals within 3 seconds",
      timeout: SLACK_REQUEST_TIMEOUT,
      memorySize: SLACK_REQUEST_MEMORY_MB,
      reservedConcurrentExecutions: this.requestsReservedConcurrency,
    });
    this.requests = requests.function;
    this.requestsRole = requests.role;
    wireFunction(this.requests, props.resources);
    this.requests.addEnvironment('SLACK_WORKER_FUNCTION', this.worker.functionName);
    // Only the unqualified function, which is what the handoff invokes: grantInvoke would add `:*`
    // (every version and alias) as well.
    new iam.Policy(this, 'InvokeWorker', {
      roles: [requests.role],
      statements: [
        new iam.PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: [this.worker.functionArn],
        }),
      ],
    });

    // Auth NONE: Slack cannot sign AWS requests. Its HMAC signature (v0, timestamp within 5 minutes) is
    // the authentication, checked by the handler before any other work.
    this.requestUrl = this.requests.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
  }

  /**
   * The restore-from-Slack hook (`route53.restoreFromSlack: true`, and only then): lets the worker run a
   * compare-and-swap restore in exactly these hosted zones — read the record sets (also to plan the
   * confirmation modal, which the worker fills in), submit the change, wait for INSYNC. The Slack function
   * itself gets no Route 53 permission. Without this nothing in the stack can change Route 53.
   */
  grantRestore(zoneIds: readonly string[]): iam.Policy {
    if (this.restorePolicy) return this.restorePolicy;
    const stack = Stack.of(this);
    const changeArn = route53Arn(stack, 'change', '*');
    const zoneArns = [...new Set(zoneIds)].map((zoneId) => route53Arn(stack, 'hostedzone', zoneId));
    this.restorePolicy = new iam.Policy(this, 'Route53Restore', {
      roles: [this.workerRole],
      statements: [
        new iam.PolicyStatement({
          actions: ROUTE53_RESTORE_ACTIONS,
          resources: zoneArns,
        }),
        new iam.PolicyStatement({ actions: ['route53:GetChange'], resources: [changeArn] }),
        // Verifying the restored answer with Route 53's own name servers (restore-verify.ts), not with
        // resolvers that may still hold the empty answer in their negative cache.
        new iam.PolicyStatement({ actions: ['route53:TestDNSAnswer'], resources: ['*'] }),
      ],
    });
    Validations.of(this.restorePolicy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'route53:TestDNSAnswer (read-only: asks Route 53 what its name servers answer) supports no resource-level permissions, so Resource must be *; it is the only action on * in this policy.',
    });
    Validations.of(this.restorePolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagArn(stack, changeArn)}]`,
      reason:
        "route53:GetChange (read-only change status, PENDING or INSYNC, to wait for the restore's own change) is authorised on change ARNs whose ids Route 53 assigns per request, so they cannot be listed ahead of time.",
    });
    this.worker.node.addDependency(this.restorePolicy);
    return this.restorePolicy;
  }
}
