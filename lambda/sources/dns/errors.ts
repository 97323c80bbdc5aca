import { LookoutError } from '../../domain/errors.js';

/** A resolver address the probe cannot use; the message is one line a user can act on. */
export class InvalidServerAddressError extends LookoutError {
  override readonly name: string = 'InvalidServerAddressError';
  readonly code = 'INVALID_SERVER_ADDRESS';
  constructor(
    readonly address: string,
    options?: { cause?: unknown },
  ) {
    super(
      `invalid DNS server "${address}": expected host:port, e.g. 127.0.0.1:5300, [::1]:53 or 9.9.9.9`,
      options,
    );
  }
}

/** A record type the probe does not classify (only the types in RECORD_TYPES are watched). */
export class UnsupportedRecordTypeError extends LookoutError {
  override readonly name: string = 'UnsupportedRecordTypeError';
  readonly code = 'UNSUPPORTED_RECORD_TYPE';
  constructor(
    readonly recordType: string,
    supported: readonly string[],
  ) {
    super(`unknown record type "${recordType}": expected one of ${supported.join(', ')}`);
  }
}

/** A name that cannot be asked about (empty, too long, or with characters DNS names do not carry). */
export class InvalidDnsNameError extends LookoutError {
  override readonly name: string = 'InvalidDnsNameError';
  readonly code = 'INVALID_DNS_NAME';
  constructor(readonly dnsName: string) {
    super(`invalid DNS name "${dnsName}": expected a name such as dynamodb.us-east-1.amazonaws.com`);
  }
}
