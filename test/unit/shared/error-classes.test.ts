import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lambda/config/errors.js';
import { isLookoutError, LookoutError, NotFoundError } from '../../../lambda/domain/errors.js';
import { IncidentTransitionError } from '../../../lambda/domain/incidents/errors.js';
import { NothingToRestoreError } from '../../../lambda/domain/route53/errors.js';
import { RunbookError } from '../../../lambda/domain/runbooks/errors.js';
import { SlackDeliveryError } from '../../../lambda/slack/errors.js';
import { namesInMinifiedBundle } from '../../support/minified.js';

const SCREAMING_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

/** One instance of every exported error class of config/, domain/ and slack/, by its expected name. */
function everyError(cause: unknown): Array<[string, LookoutError]> {
  return [
    ['ConfigError', new ConfigError('lookout.config.yaml: targets.0.name: required', { cause })],
    ['NotFoundError', new NotFoundError('incident i-1', { cause })],
    ['IncidentTransitionError', new IncidentTransitionError('i-1 is resolved', { cause })],
    ['NothingToRestoreError', new NothingToRestoreError('a.example.com A already holds it', { cause })],
    ['RunbookError', new RunbookError('runbooks/a.yaml: steps: required', { cause })],
    ...(['retryable', 'permanent', 'content', 'paused'] as const).map((kind): [string, LookoutError] => [
      'SlackDeliveryError',
      new SlackDeliveryError(kind, 'x', { cause }),
    ]),
  ];
}

describe('Lookout error classes', () => {
  it('are each a LookoutError with a stable SCREAMING_SNAKE code, their own name and the cause', () => {
    // Prepare
    const cause = new Error('from below');

    // Act
    const errors = everyError(cause);

    // Assess
    for (const [name, error] of errors) {
      expect(error).toBeInstanceOf(LookoutError);
      expect(error).toBeInstanceOf(Error);
      expect(error.code).toMatch(SCREAMING_SNAKE);
      expect(isLookoutError(error, error.code)).toBe(true);
      expect(error.name).toBe(name);
      expect(error.cause).toBe(cause);
    }
    expect(new ConfigError('x').code).toBe('CONFIG_INVALID');
    expect(new IncidentTransitionError('x').code).toBe('INCIDENT_TRANSITION');
    expect(new NothingToRestoreError('x').code).toBe('NOTHING_TO_RESTORE');
    expect(new RunbookError('x').code).toBe('RUNBOOK_INVALID');
    const slackCodes = errors.filter(([name]) => name === 'SlackDeliveryError').map(([, e]) => e.code);
    expect(slackCodes).toEqual(['SLACK_RETRYABLE', 'SLACK_PERMANENT', 'SLACK_CONTENT', 'SLACK_PAUSED']);
  });

  it('keep their names in a minified bundle, as the Lambda functions are built', async () => {
    // Prepare: the Lambda bundling minifies, which renames classes, so a name taken from the class breaks.
    const entry = `
      import { ConfigError } from '../../../lambda/config/errors.js';
      import { IncidentTransitionError } from '../../../lambda/domain/incidents/errors.js';
      import { NothingToRestoreError } from '../../../lambda/domain/route53/errors.js';
      import { RunbookError } from '../../../lambda/domain/runbooks/errors.js';
      import { SlackDeliveryError } from '../../../lambda/slack/errors.js';
      export const names = [
        new ConfigError('x'), new IncidentTransitionError('x'), new NothingToRestoreError('x'),
        new RunbookError('x'), new SlackDeliveryError('paused', 'x'),
      ].map((e) => e.name);`;

    // Act
    const names = await namesInMinifiedBundle(entry, new URL('.', import.meta.url));

    // Assess
    expect(names).toEqual([
      'ConfigError',
      'IncidentTransitionError',
      'NothingToRestoreError',
      'RunbookError',
      'SlackDeliveryError',
    ]);
  });
});
