import { LookoutError } from '../../lambda/domain/errors.js';
import { el, renderDocument } from './xml.js';

/**
 * An error as Route 53 sends it: HTTP status plus
 * `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
 * Since 2024 InvalidChangeBatch uses this standard shape too, with every message of the batch in
 * one `<Message>` as `[first, second]` (aws/aws-sdk-kotlin#1435, #1433); the older
 * `<InvalidChangeBatch><Messages><Message>` root is gone, and the JS SDK v3 reads only the
 * standard shape (its `messages` member stays undefined).
 */
export class Route53Error extends LookoutError {
  override readonly name: string = 'Route53Error';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
  }
}

export function renderError(error: Route53Error, requestId: string): string {
  return renderDocument('ErrorResponse', [
    el('Error', [el('Type', error.type), el('Code', error.code), el('Message', error.message)]),
    el('RequestId', requestId),
  ]);
}

export const errors = {
  noSuchHostedZone: (id: string) =>
    new Route53Error(404, 'NoSuchHostedZone', `No hosted zone found with ID: ${id}`),
  noSuchChange: (id: string) =>
    new Route53Error(404, 'NoSuchChange', `A change with the specified change ID does not exist: ${id}`),
  invalidInput: (message: string) => new Route53Error(400, 'InvalidInput', message),
  invalidChangeBatch: (messages: readonly string[]) =>
    new Route53Error(400, 'InvalidChangeBatch', `[${messages.join(', ')}]`),
  malformedInput: (message: string) => new Route53Error(400, 'MalformedInput', message),
  throttling: () => new Route53Error(400, 'Throttling', 'Rate exceeded'),
  priorRequestNotComplete: () =>
    new Route53Error(
      400,
      'PriorRequestNotComplete',
      'The request was rejected because Route 53 was still processing a prior request.',
    ),
  // Message text not found in public sources: worded in Route 53's style.
  featureNotEnabled: (id: string) =>
    new Route53Error(400, 'FeatureNotEnabled', `Change History is not enabled for the hosted zone ${id}.`),
  invalidClientTokenId: () =>
    new Route53Error(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.'),
  notImplemented: (what: string) =>
    new Route53Error(501, 'NotImplemented', `FakeRoute53 does not implement ${what}`, 'Receiver'),
  internalFailure: (message = 'An internal error occurred.') =>
    new Route53Error(500, 'InternalFailure', message),
  serviceUnavailable: () => new Route53Error(503, 'ServiceUnavailable', 'Service Unavailable'),
};
