import type { SlackJob } from '../slack/app/jobs.js';

/**
 * Hands slow Slack work to the worker after the request was acknowledged (Slack's 3-second rule; Bolt's
 * Lambda receiver answers only once every listener has returned). `send` resolves when the job is on
 * its way, not when it is done.
 */
export interface Handoff {
  send(job: SlackJob): Promise<void>;
}
