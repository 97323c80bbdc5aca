import { ConfigError } from '../../lambda/config/errors.js';

/**
 * A reserved-concurrency setting resolved for `reservedConcurrentExecutions`: a positive whole number is
 * reserved; `false` or unset reserves nothing. Off by default because Lambda keeps 100 of the account's
 * quota unreserved: on an account whose quota is under 100 + the reservation (new accounts may have 10
 * or 50) a default reservation would make every first deploy fail. 0 is refused, not passed on: Lambda
 * would throttle every invocation, a silent off switch rather than a cap.
 * @example reservedConcurrency('triggersReservedConcurrency', 5) // 5
 */
export function reservedConcurrency(setting: string, value: number | false | undefined): number | undefined {
  if (value === false || value === undefined) return undefined;
  const resolved = value;
  if (!Number.isInteger(resolved) || resolved < 1) {
    throw new ConfigError(
      `${setting}: ${resolved} is not a reserved concurrency; use a whole number of 1 or more, or false to reserve none`,
    );
  }
  return resolved;
}

/** The reserved-concurrency settings `cdk deploy -c <key>=<n|false>` (or cdk.json's context) can give. */
export const RESERVED_CONCURRENCY_CONTEXT_KEYS = [
  'slackRequestsReservedConcurrency',
  'triggersReservedConcurrency',
] as const;

type ContextKey = (typeof RESERVED_CONCURRENCY_CONTEXT_KEYS)[number];

/**
 * The settings present in the app's context, read as `-c` gives them (always strings) or cdk.json does
 * (numbers, booleans); the range is checked where they are used. Lets a new account, whose quota cannot
 * hold the default reservations, deploy with `-c …=false` without writing code.
 * @example reservedConcurrencyFromContext((key) => app.node.tryGetContext(key))
 */
export function reservedConcurrencyFromContext(
  context: (key: string) => unknown,
): Partial<Record<ContextKey, number | false>> {
  const settings: Partial<Record<ContextKey, number | false>> = {};
  for (const key of RESERVED_CONCURRENCY_CONTEXT_KEYS) {
    const raw = context(key);
    if (raw === undefined) continue;
    if (raw === false || raw === 'false') settings[key] = false;
    else if (typeof raw === 'number') settings[key] = raw;
    else if (typeof raw === 'string' && /^\d+$/.test(raw.trim())) settings[key] = Number(raw.trim());
    else {
      throw new ConfigError(
        `${key} (cdk context): ${JSON.stringify(raw)} is not a reserved concurrency; use a whole number of 1 or more, or false to reserve none`,
      );
    }
  }
  return settings;
}
