import type { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

/** The probe function, its timeout and the queue its lost runs land in. */
export interface ProbeAlarmSources {
  readonly probe: lambda.IFunction;
  readonly probeTimeout: Duration;
  readonly deadLetterQueue: sqs.IQueue;
}

export interface SlackAlarmSources {
  readonly requests: lambda.IFunction;
  /** The request function's reserved concurrency, when capped: its throttles are then alarmed on. */
  readonly requestsReservedConcurrency?: number | undefined;
  readonly worker: lambda.IFunction;
  readonly workerDeadLetterQueue: sqs.IQueue;
}

export interface TriggersAlarmSources {
  readonly function: lambda.IFunction;
  /** The function's reserved concurrency, when capped: its throttles are then alarmed on. */
  readonly reservedConcurrency?: number | undefined;
  readonly deadLetterQueue: sqs.IQueue;
}

export interface Route53AlarmSources {
  readonly poller: lambda.IFunction;
  readonly pollerDeadLetterQueue: sqs.IQueue;
  readonly pollInterval: Duration;
  readonly changeEvents: lambda.IFunction;
  readonly changeEventsDeadLetterQueue: sqs.IQueue;
}

export interface HealthAlarmSources {
  readonly events: lambda.IFunction;
  readonly eventsDeadLetterQueue: sqs.IQueue;
  /** Sum of invalid AWS Health events logged by the handler. */
  readonly invalidEvents: cloudwatch.IMetric;
  /** Only with `health.poller`. */
  readonly poller?: {
    readonly function: lambda.IFunction;
    readonly deadLetterQueue: sqs.IQueue;
    readonly pollInterval: Duration;
  };
}
