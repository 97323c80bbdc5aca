import type { HealthEvent } from './health-event.js';

/**
 * Which Health events Lookout takes in (config: `health.filters`), declared here so the domain never
 * depends on the config schema. Each list is of patterns where `*` stands for any run of characters,
 * compared case-insensitively (`AWS_EC2_*`, `eu-*`). An empty or absent include list takes everything.
 */
export interface HealthFilterLists {
  categories?: readonly string[];
  services?: readonly string[];
  eventTypeCodes?: readonly string[];
  regions?: readonly string[];
}

export interface HealthFilterSettings {
  include?: HealthFilterLists;
  /** Wins over `include`: an event matching both is left out. */
  exclude?: HealthFilterLists;
}

type Dimension = keyof HealthFilterLists;

const FIELDS: Record<Dimension, { of: (e: HealthEvent) => string; word: string }> = {
  categories: { of: (e) => e.category, word: 'category' },
  services: { of: (e) => e.service, word: 'service' },
  eventTypeCodes: { of: (e) => e.typeCode, word: 'event type code' },
  regions: { of: (e) => e.region, word: 'region' },
};

/**
 * Why the filters leave an event out, or undefined when they take it in: for the log line that says
 * why an event AWS sent never reached a channel.
 * @example healthFilterVerdict(event, { exclude: { eventTypeCodes: ['AWS_EC2_*'] } })
 * // 'event type code AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED matches excluded AWS_EC2_*'
 */
export function healthFilterVerdict(
  event: HealthEvent,
  settings: HealthFilterSettings | undefined,
): string | undefined {
  for (const dimension of Object.keys(FIELDS) as Dimension[]) {
    const { of, word } = FIELDS[dimension];
    const value = of(event);
    const excluded = settings?.exclude?.[dimension]?.find((p) => globMatches(p, value));
    if (excluded !== undefined) return `${word} ${value} matches excluded ${excluded}`;
    const include = settings?.include?.[dimension];
    if (include?.length && !include.some((p) => globMatches(p, value))) {
      return `${word} ${value} is not among ${include.join(', ')}`;
    }
  }
  return undefined;
}

export function passesHealthFilter(event: HealthEvent, settings: HealthFilterSettings | undefined): boolean {
  return healthFilterVerdict(event, settings) === undefined;
}

/** `*` matches any run of characters (none included); everything else is literal; case-insensitive. */
export function globMatches(pattern: string, value: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i').test(value);
}
