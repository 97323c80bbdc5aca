import type { SlackAppDeps } from '../../deps.js';
import { CLAIM_KEEP_MS } from '../../middleware/claim-request.js';

/**
 * True the first time a modal is submitted. The request middleware claims each delivery's trigger id,
 * which stops Slack's retries; a modal submitted twice (a double click, a resubmission after a slow
 * answer) comes with a new trigger id, so the modal itself is claimed too, by Slack's view id: one id
 * per opened modal, the same in every submission of it. (Its `hash` changes only with views.update,
 * which these modals never get, so it would add nothing.)
 */
export function submittedOnce(deps: Pick<SlackAppDeps, 'store' | 'now'>, viewId: string): Promise<boolean> {
  return deps.store.requests.claim('slack-view', viewId, deps.now(), CLAIM_KEEP_MS);
}
