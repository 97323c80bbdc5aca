import { type LocalEnv, localEnvSchema, parseEnv } from '../../lambda/config/env.js';

export function localEnv(env: NodeJS.ProcessEnv = process.env): LocalEnv {
  return parseEnv(localEnvSchema, env, 'local');
}
