export { FakeHealth, type FakeHealthOptions, GLOBAL_HEALTH_NAME } from './fake-health.js';
export type { HealthFault, HealthFaultError } from './faults.js';
export type { HealthRegion, HealthRequestLogEntry, PassiveAnswer } from './service.js';
export type { PublishedEntity, PublishedHealthEvent } from './state.js';
export { HealthStateError } from './state.js';
