import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../lambda/config/config-schema.js';
import { readTriggerSecrets, triggerSecretsFromEnv } from '../../../lambda/config/trigger-secrets.js';

const base = { targets: [{ name: 'dynamodb.us-east-1.amazonaws.com' }] };

/** A Secrets Manager client answering one secret string, injected as the reader's client. */
function secretsClient(secretString: string): SecretsManagerClient {
  return { send: async () => ({ SecretString: secretString }) } as unknown as SecretsManagerClient;
}

describe('Config: triggers', () => {
  it('defaults everything, so a config without the section parses as before', () => {
    const { triggers } = configSchema.parse(base);
    expect(triggers).toEqual({
      generic: {},
      pagerduty: {},
      alertmanager: {},
      severity: {},
      defaultSeverity: 'high',
    });
  });

  it('takes a channel and runbook per sender and severity words', () => {
    const { triggers } = configSchema.parse({
      ...base,
      triggers: {
        channel: '#oncall',
        pagerduty: { runbook: 'dns-empty', channel: 'C0PD' },
        severity: { SEV1: 'critical' },
      },
    });
    expect(triggers.pagerduty).toEqual({ runbook: 'dns-empty', channel: 'C0PD' });
    expect(triggers.severity).toEqual({ SEV1: 'critical' });
  });

  it('refuses a misspelt key with the nearest one and a severity that is not Lookout’s', () => {
    const typo = configSchema.safeParse({ ...base, triggers: { pagerdutty: {} } });
    expect(typo.success).toBe(false);
    expect(JSON.stringify(typo.error?.issues)).toMatch(/pagerduty/);
    const severity = configSchema.safeParse({ ...base, triggers: { severity: { P1: 'urgent' } } });
    expect(severity.error?.issues[0]?.path).toEqual(['triggers', 'severity', 'P1']);
  });
});

describe('Trigger secrets', () => {
  it('reads comma-separated lists and the token from the environment', () => {
    expect(
      triggerSecretsFromEnv({
        LOOKOUT_TRIGGER_SECRET: 'g1',
        LOOKOUT_PAGERDUTY_SECRETS: ' pd-new , pd-old ,',
        LOOKOUT_ALERTMANAGER_TOKEN: ' am ',
      }),
    ).toEqual({ generic: ['g1'], pagerduty: ['pd-new', 'pd-old'], alertmanager: 'am' });
    expect(triggerSecretsFromEnv({})).toEqual({ generic: [], pagerduty: [] });
  });

  it('reads the trigger secret from Secrets Manager, lists as arrays or comma-separated', async () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:lookout-triggers';
    const secret = JSON.stringify({
      triggerSecret: 'a,b',
      pagerdutySecrets: ['pd'],
      alertmanagerToken: 'am',
    });
    expect(await readTriggerSecrets(secretsClient(secret), arn)).toEqual({
      generic: ['a', 'b'],
      pagerduty: ['pd'],
      alertmanager: 'am',
    });
    await expect(readTriggerSecrets(secretsClient('not json'), arn)).rejects.toThrow(
      `trigger secret ${arn} is not JSON`,
    );
    await expect(readTriggerSecrets(secretsClient('{"alertmanagerToken": 5}'), arn)).rejects.toThrow(
      /alertmanagerToken: /,
    );
  });
});
