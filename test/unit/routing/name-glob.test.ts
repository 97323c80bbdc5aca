import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesNameGlob } from '../../../lambda/domain/routing/name-glob.js';

describe('Function: matchesNameGlob', () => {
  it.each([
    ['*.amazonaws.com', 'dynamodb.us-east-1.amazonaws.com', true],
    ['*.amazonaws.com', 'DynamoDB.US-East-1.amazonaws.com.', true],
    ['*.amazonaws.com', 'amazonaws.com', false],
    ['dynamodb.*.amazonaws.com', 'dynamodb.eu-west-1.amazonaws.com', true],
    ['dynamodb.*.amazonaws.com', 'sqs.eu-west-1.amazonaws.com', false],
    ['api?.example.com', 'api1.example.com', true],
    ['api?.example.com', 'api.example.com', false],
    ['api.example.com', 'apixexample.com', false],
    ['*', 'anything.at.all', true],
  ])('%s against %s is %s', (glob, name, expected) => {
    expect(matchesNameGlob(glob, name)).toBe(expected);
  });

  it('matches every name against itself, and against `*` followed by its own suffix', () => {
    const label = fc.stringMatching(/^[a-z0-9-]{1,10}$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 4 }), label, (labels, first) => {
        const name = labels.join('.');
        expect(matchesNameGlob(name, name)).toBe(true);
        expect(matchesNameGlob(`*.${name}`, `${first}.${name}`)).toBe(true);
      }),
    );
  });
});
