/** DescribeEventDetails(ForOrganization) and the entity filters take at most 10 events. */
export const BATCH_SIZE = 10;

/** One story to fetch: an event, and in the organization view the affected account to ask about. */
export interface EventUnit {
  arn: string;
  account?: string;
}

export interface UnitFailure {
  unit: EventUnit;
  error: string;
}

export function unitKey(unit: EventUnit): string {
  return unit.account ? `${unit.arn}#${unit.account}` : unit.arn;
}

/** The units in batches of at most BATCH_SIZE, in order. */
export function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH_SIZE) out.push(items.slice(i, i + BATCH_SIZE));
  return out;
}
