import { LookoutError } from '../domain/errors.js';

/** A config file or environment that does not match its schema; the message names file and field. */
export class ConfigError extends LookoutError {
  // Spelled out: the Lambda bundle is minified, so the class's own name would not survive.
  override readonly name: string = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
}
