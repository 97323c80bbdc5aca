import { LookoutError } from '../../lambda/domain/errors.js';

/** A change that a real zone would reject (out of zone, CNAME beside other data, unknown type). */
export class ZoneDataError extends LookoutError {
  override readonly name: string = 'ZoneDataError';
  readonly code = 'ZONE_DATA_INVALID';
  constructor(message: string) {
    super(message);
  }
}
