/**
 * Why a call to a service Lookout needs (the Route 53 API) failed for reasons of the machine it runs on,
 * not of Lookout: no network path, or no credentials the service accepts. Each is one line naming the
 * service and what to do, with its own exit code (README, "Exit codes"), never "unexpected error".
 */

import { ServiceAccessError, ServiceUnreachableError } from './errors.js';

export { ServiceAccessError, ServiceUnreachableError } from './errors.js';

/** Socket-level errors: the request never got an answer from the service. */
const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'its name does not resolve: are you offline?',
  EAI_AGAIN: 'its name does not resolve for now: are you offline?',
  ETIMEDOUT: 'timed out',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'the network is unreachable',
  ENETDOWN: 'the network is down',
  EPIPE: 'the connection was closed',
  ECONNABORTED: 'the connection was aborted',
};

/** Codes that mean no connection was made: the request cannot have reached the service. */
const NEVER_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

const CREDENTIAL_ERRORS = new Set(['CredentialsProviderError', 'TokenProviderError']);

/** What the failing call was: named in the line the person reads. */
export interface ServiceCall {
  /** e.g. "the Route 53 API". */
  service: string;
  /** The endpoint the call went to, when it was not the service's own (`--endpoint`). */
  endpoint?: string;
}

/**
 * The typed error for a network or credentials failure of `call`, or undefined when `error` is neither
 * (a refusal the service explains, a bug).
 *
 * @example
 * const failure = serviceFailure(error, { service: 'the Route 53 API', endpoint: opts.endpoint });
 * if (failure) throw failure;
 */
export function serviceFailure(
  error: unknown,
  call: ServiceCall,
): ServiceUnreachableError | ServiceAccessError | undefined {
  const e = error as NodeJS.ErrnoException & {
    hostname?: string;
    address?: string;
    port?: number;
    $metadata?: { httpStatusCode?: number };
  };
  if (!(error instanceof Error)) return undefined;
  const where =
    call.endpoint ?? e.hostname ?? (e.address ? `${e.address}${e.port ? `:${e.port}` : ''}` : undefined);
  const target = where ? `${call.service} at ${where}` : call.service;
  const why = NETWORK_CODES[e.code ?? ''] ?? (e.name === 'TimeoutError' ? 'timed out' : undefined);
  if (why) {
    return new ServiceUnreachableError(`cannot reach ${target}: ${why}`, NEVER_CONNECTED.has(e.code ?? ''), {
      cause: error,
    });
  }
  if (CREDENTIAL_ERRORS.has(e.name)) {
    return new ServiceAccessError(
      `no AWS credentials for ${target} (${e.message}): set AWS_PROFILE, export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or sign in (aws sso login)`,
      { cause: error },
    );
  }
  if (e.$metadata?.httpStatusCode === 403) {
    return new ServiceAccessError(`${target} refused your credentials (${e.name}: ${e.message})`, {
      cause: error,
    });
  }
  return undefined;
}
