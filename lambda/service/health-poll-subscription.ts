import type { HealthPollState } from '../store/health-poll-repo.js';
import type { HealthPollDeps } from './health-poll-deps.js';
import {
  healthPollerSubject,
  subscriptionRequiredSignal,
  subscriptionRestoredSignal,
} from './health-poll-signals.js';

/** The first refusal opens one configuration incident; later ones only move `checkedAt`. */
export async function subscriptionRequired(
  deps: HealthPollDeps,
  next: HealthPollState,
  at: Date,
  error: Error,
): Promise<void> {
  const first = !next.subscriptionRequired;
  next.subscriptionRequired = {
    since: next.subscriptionRequired?.since ?? at.toISOString(),
    checkedAt: at.toISOString(),
    message: error.message,
  };
  if (!first) return;
  deps.log.error(
    'AWS Health API: no support plan for it (SubscriptionRequiredException); polling pauses, EventBridge delivery goes on',
    error,
  );
  await deps.writer.apply(subscriptionRequiredSignal(at, error), healthPollerSubject(deps.channel));
}

/** The API answers again: the configuration incident, if still open, is told so. */
export async function subscriptionRestored(
  deps: HealthPollDeps,
  next: HealthPollState,
  at: Date,
): Promise<void> {
  delete next.subscriptionRequired;
  deps.log.info('AWS Health API answers again: polling resumes');
  const subject = healthPollerSubject(deps.channel);
  if (await deps.store.incidents.openClaim(subject.id)) {
    await deps.writer.apply(subscriptionRestoredSignal(at), subject);
  }
}
