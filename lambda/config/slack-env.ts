import * as z from '../shared/zod.js';
import { lambdaEnvSchema } from './env.js';

const optionalText = z.optional(
  z.pipe(
    z.string().check(z.trim()),
    z.transform((v: string) => (v === '' ? undefined : v)),
  ),
);

/**
 * Environment of the Slack Lambda and its worker: every Lookout Lambda's, plus where slow work goes.
 * `SLACK_SIGNING_SECRET` / `SLACK_BOT_TOKEN` / `SLACK_BOT_ID` / `SLACK_BOT_USER_ID`, when set, win over the
 * Slack secret (a hand-run function, a test); on AWS the secret holds them.
 */
export const slackLambdaEnvSchema = z.extend(lambdaEnvSchema, {
  /** The worker function's name or ARN (set by the stack): `check` and other slow work are invoked there. */
  SLACK_WORKER_FUNCTION: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText.check(
    z.refine((v) => v === undefined || /^xox[a-z]-/.test(v), {
      message: 'expected a Slack bot token starting with xoxb-',
    }),
  ),
  SLACK_BOT_ID: optionalText,
  SLACK_BOT_USER_ID: optionalText,
});

export type SlackLambdaEnv = z.infer<typeof slackLambdaEnvSchema>;
