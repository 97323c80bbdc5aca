import { describe, expect, it } from 'vitest';
import { WORKER_DELIVERY_MARGIN_MS } from '../../lambda/slack/app/worker/deliver.js';
import { SLACK_WORKER_TIMEOUT } from '../../lib/constructs/slack-app.js';

describe('Construct: SlackApp worker timeout', () => {
  it('leaves the worker time to deliver beyond the margin its delivery keeps before the deadline', () => {
    // At or under the margin every delivery would start past its deadline and send nothing; the margin
    // itself must cover a Slack call begun at the deadline (10 s) inside the invocation.
    expect(SLACK_WORKER_TIMEOUT.toMilliseconds()).toBeGreaterThan(2 * WORKER_DELIVERY_MARGIN_MS);
    expect(WORKER_DELIVERY_MARGIN_MS).toBeGreaterThanOrEqual(10_000);
  });
});
