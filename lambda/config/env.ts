import * as z from '../shared/zod.js';
import { ConfigError } from './errors.js';

const optionalText = z.optional(
  z.pipe(
    z.string().check(z.trim()),
    z.transform((v: string) => (v === '' ? undefined : v)),
  ),
);

/** A URL when set: the variable, trimmed, may also be empty or absent. */
const optionalUrl = z.pipe(optionalText, z.optional(z.url()));

/** Environment of the local runner and the CLI. Tokens come only from here, never from the config file. */
export const localEnvSchema = z.object({
  LOOKOUT_CONFIG_FILE: optionalText,
  LOOKOUT_DATA_DIR: optionalText,
  SLACK_BOT_TOKEN: optionalText.check(
    z.refine((v) => v === undefined || /^xox[a-z]-/.test(v), {
      message: 'expected a Slack bot token starting with xoxb-',
    }),
  ),
  SLACK_CHANNEL: optionalText,
  /** An app-level token (`xapp-…`, connections:write): `lookout start` then answers Slack over Socket Mode. */
  SLACK_APP_TOKEN: optionalText.check(
    z.refine((v) => v === undefined || v.startsWith('xapp-'), {
      message: 'expected a Slack app-level token starting with xapp-',
    }),
  ),
  /** Points the Slack client at another Web API base URL (tests, the local Slack server). */
  SLACK_API_URL: optionalUrl,
  /** Another Route 53 API endpoint for local runs (e.g. a local test server); AWS's by default. */
  LOOKOUT_ROUTE53_ENDPOINT: optionalUrl,
  NO_COLOR: optionalText,
});

/** Environment of the Lookout Lambdas, set by the CDK stack. */
export const lambdaEnvSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1, 'TABLE_NAME is required')),
  /**
   * The config as JSON, read only when no compiled setup sits beside the bundle (the handlers run from
   * the source tree: tests, a hand invocation); deployed functions carry theirs in the asset.
   */
  LOOKOUT_CONFIG: optionalText,
  SLACK_SECRET_ARN: optionalText,
  /** Runbook YAML directory, for the source tree only, like LOOKOUT_CONFIG. */
  RUNBOOK_DIR: optionalText,
  /** Another Slack Web API base URL (GovSlack, or a local server in tests); Slack's own by default. */
  SLACK_API_URL: optionalUrl,
});

export type LocalEnv = z.infer<typeof localEnvSchema>;
export type LambdaEnv = z.infer<typeof lambdaEnvSchema>;

export function parseEnv<T extends z.ZodMiniType>(
  schema: T,
  env: NodeJS.ProcessEnv,
  what: string,
): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.map(String).join('.') || '(env)'}: ${i.message}`);
  throw new ConfigError(`invalid ${what} environment:\n${lines.join('\n')}`, { cause: result.error });
}
