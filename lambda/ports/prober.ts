import type { Observation } from '../domain/observation.js';
import type { Target } from '../domain/targets.js';

/**
 * Asks resolvers about one target the way clients do: the probe round and the restore's verification
 * both use it (DnsProbe in production, a scripted prober in the demo and tests).
 */
export interface Prober {
  probe(target: Target): Promise<Observation>;
}
