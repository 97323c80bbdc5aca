/**
 * What the trigger verifiers check against. Lists, so a secret being rotated out is still accepted
 * until it is removed: PagerDuty signs with every active secret of a subscription.
 */
export interface TriggerSecrets {
  /** HMAC secrets of the generic signed trigger. */
  generic: readonly string[];
  /** Signing secrets of the PagerDuty v3 webhook subscription(s). */
  pagerduty: readonly string[];
  /** The bearer token Alertmanager's `http_config.authorization` sends. */
  alertmanager?: string;
}

/** A comma-separated list, trimmed, empty entries dropped. */
export function secretList(value: string | readonly string[] | undefined): string[] {
  const all = typeof value === 'string' ? value.split(',') : (value ?? []);
  return all.map((s) => s.trim()).filter((s) => s.length > 0);
}
