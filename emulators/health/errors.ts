import { LookoutError } from '../../lambda/domain/errors.js';

/**
 * An error as the AWS JSON 1.1 protocol sends it: an HTTP status and `{ "__type", "message" }`. The SDK
 * names the thrown error after `__type` (a modelled class such as `InvalidPaginationToken`, or a plain
 * `HealthServiceException` whose `name` is the type, as for `SubscriptionRequiredException`).
 */
export class HealthApiError extends LookoutError {
  override readonly name: string = 'HealthApiError';
  readonly code: string;
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.code = type;
  }
}

export function renderError(error: HealthApiError): string {
  return JSON.stringify({ __type: error.type, message: error.message });
}

/** One constraint failure in the wording AWS's request validation uses. */
export function validation(member: string, value: unknown, constraint: string): HealthApiError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return new HealthApiError(
    400,
    'ValidationException',
    `1 validation error detected: Value '${shown}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

export const errors = {
  subscriptionRequired: () =>
    new HealthApiError(
      400,
      'SubscriptionRequiredException',
      'The AWS Health API requires a Business, Enterprise On-Ramp or Enterprise Support plan.',
    ),
  throttling: () => new HealthApiError(400, 'ThrottlingException', 'Rate exceeded'),
  invalidPaginationToken: () =>
    new HealthApiError(
      400,
      'InvalidPaginationToken',
      'The specified pagination token (nextToken) is not valid.',
    ),
  unsupportedLocale: (locale: string) =>
    new HealthApiError(400, 'UnsupportedLocale', `The specified locale (${locale}) is not supported.`),
  unknownOperation: () => new HealthApiError(400, 'UnknownOperationException', ''),
  serialization: (message: string) => new HealthApiError(400, 'SerializationException', message),
  invalidSignature: (scope: string, endpointRegion: string) =>
    new HealthApiError(
      403,
      'InvalidSignatureException',
      `Credential should be scoped to a valid region. Credential scope '${scope}' does not match this endpoint (${endpointRegion}).`,
    ),
  missingAuthentication: () =>
    new HealthApiError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token'),
  passiveRegion: (region: string) =>
    new HealthApiError(503, 'ServiceUnavailableException', `health.${region} is the passive endpoint.`),
  internalFailure: (message = 'An internal error occurred.') =>
    new HealthApiError(500, 'InternalFailure', message),
};
