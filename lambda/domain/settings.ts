/**
 * The settings the domain decides with, declared here so the domain never depends on the config
 * schema; lambda/config/config-schema.ts checks at compile time that what it parses satisfies them.
 */

/** How many looks make a condition, and what counts as recovered (config: `detection`). */
export interface DetectionConfig {
  /** EMPTY needs this many consecutive empty probes. */
  emptyAfterProbes: number;
  /** UNREACHABLE needs this many consecutive probes with no usable answer. */
  unreachableAfterProbes: number;
  /** DEGRADED when the answer count falls below this fraction of the baseline. */
  degradedFraction: number;
  /** FLAPPING at this many transitions within flapWindowSeconds. */
  flapTransitions: number;
  flapWindowSeconds: number;
  /** RECOVERED after this many consecutive healthy probes. */
  recoverAfterProbes: number;
  /** Resolve the incident on RECOVERED without waiting for a person. */
  autoResolve: boolean;
  /** How many healthy answer counts the learned baseline looks back over. */
  baselineSamples: number;
}

/** What makes two Route 53 writes a race (config: `route53.raceWindowSeconds`, `route53.ownPrincipals`). */
export interface RaceConfig {
  /** Writes by different writers within this many seconds are a race. */
  windowSeconds: number;
  /** Lookout's own principals (its restore role): their changes never count as racing writers. */
  ownPrincipals: readonly string[];
  /** Change comments that mark Lookout's own restores. */
  ownCommentPrefix: string;
}

/** The race settings as the config file spells them (`route53:` section). */
export interface RaceSettings {
  raceWindowSeconds: number;
  lastKnownGoodStableSeconds: number;
  ownPrincipals: readonly string[];
}
