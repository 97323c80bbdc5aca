// The library entry: Lookout as a construct for your own stacks, and the stack `cdk deploy` uses.

// AWS Health events reach the bus of the region they concern: forward the other regions' to Lookout's.
export { healthForwardingRegions } from '../lambda/domain/health/health-regions.js';
export type { LookoutConfigInput } from './compile-setup.js';
export { HealthEventsStack, type HealthEventsStackProps } from './health-events-stack.js';
export { Lookout, type LookoutProps } from './lookout.js';
export { LookoutStack, type LookoutStackProps } from './lookout-stack.js';
