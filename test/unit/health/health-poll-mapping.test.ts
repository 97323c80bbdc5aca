import { describe, expect, it } from 'vitest';
import { silentLog } from '../../../lambda/ports/log.js';
import { activeHealthRegion, otherHealthRegion } from '../../../lambda/sources/health/active-endpoint.js';
import {
  isEndpointError,
  isSubscriptionRequired,
  stopsThePoll,
} from '../../../lambda/sources/health/health-api-errors.js';
import { apiTime, healthEventFromApi } from '../../../lambda/sources/health/health-api-mapping.js';
import { apiEntitySchema, apiEventSchema } from '../../../lambda/sources/health/health-api-schema.js';

const ARN =
  'arn:aws:health:us-east-1::event/DYNAMODB/AWS_DYNAMODB_OPERATIONAL_ISSUE/AWS_DYNAMODB_OPERATIONAL_ISSUE_1';

const event = apiEventSchema.parse({
  arn: ARN,
  service: 'DYNAMODB',
  eventTypeCode: 'AWS_DYNAMODB_OPERATIONAL_ISSUE',
  eventTypeCategory: 'issue',
  region: 'us-east-1',
  statusCode: 'open',
  eventScopeCode: 'PUBLIC',
  startTime: new Date('2025-10-20T07:11:00.250Z'),
  lastUpdatedTime: new Date('2025-10-20T07:26:59.999Z'),
});

describe('Function: healthEventFromApi', () => {
  it('maps the listing, the details and the entities to a HealthEvent of the given account', () => {
    // Prepare
    const entity = apiEntitySchema.parse({
      eventArn: ARN,
      entityValue: 'table/orders',
      awsAccountId: '111111111111',
      statusCode: 'IMPAIRED',
      lastUpdatedTime: new Date('2025-10-20T07:20:00.700Z'),
    });

    // Act
    const mapped = healthEventFromApi({
      event,
      details: {
        event,
        eventDescription: { latestDescription: 'Increased error rates' },
        eventMetadata: { deprecated_versions: 'none' },
      },
      entities: [entity],
      account: '111111111111',
    });

    // Assess
    expect(mapped).toEqual({
      arn: ARN,
      account: '111111111111',
      service: 'DYNAMODB',
      typeCode: 'AWS_DYNAMODB_OPERATIONAL_ISSUE',
      category: 'issue',
      scope: 'PUBLIC',
      region: 'us-east-1',
      status: 'open',
      startTime: '2025-10-20T07:11:00.000Z',
      lastUpdatedTime: '2025-10-20T07:26:59.000Z',
      description: 'Increased error rates',
      entities: [{ value: 'table/orders', status: 'IMPAIRED', lastUpdatedTime: '2025-10-20T07:20:00.000Z' }],
      metadata: { deprecated_versions: 'none' },
      via: 'api',
    });
  });

  it('leaves out what the API did not give: no end time, no description, no metadata', () => {
    const mapped = healthEventFromApi({ event, entities: [], account: '123456789012' });

    expect(mapped.description).toBe('');
    expect(mapped).not.toHaveProperty('endTime');
    expect(mapped).not.toHaveProperty('metadata');
    expect(mapped.entities).toEqual([]);
  });
});

describe('Function: apiTime', () => {
  it('keeps whole seconds, as EventBridge carries them', () => {
    expect(apiTime(new Date('2023-02-15T22:07:07.999Z'))).toBe('2023-02-15T22:07:07.000Z');
    expect(apiTime(undefined)).toBeUndefined();
    expect(apiTime(new Date(Number.NaN))).toBeUndefined();
  });
});

describe('Schema: apiEventSchema', () => {
  it('refuses an event without the fields that name it, and keeps unknown categories as text', () => {
    expect(apiEventSchema.safeParse({ ...event, arn: undefined }).success).toBe(false);
    expect(apiEventSchema.safeParse({ ...event, startTime: '2025-10-20' }).success).toBe(false);
    expect(apiEventSchema.parse({ ...event, eventTypeCategory: 'somethingNew' }).eventTypeCategory).toBe(
      'somethingNew',
    );
  });
});

describe('Function: activeHealthRegion', () => {
  it('reads the region from the CNAME of global.health.amazonaws.com', async () => {
    const asked: string[] = [];
    const region = await activeHealthRegion(async (name) => {
      asked.push(name);
      return ['health.us-east-2.amazonaws.com.'];
    }, silentLog);

    expect(asked).toEqual(['global.health.amazonaws.com']);
    expect(region).toBe('us-east-2');
    expect(otherHealthRegion(region)).toBe('us-east-1');
  });

  it("falls back to us-east-1, AWS's default, when the name does not resolve or names something else", async () => {
    const failing = await activeHealthRegion(async () => {
      throw Object.assign(new Error('queryCname ENOTFOUND'), { code: 'ENOTFOUND' });
    }, silentLog);
    const odd = await activeHealthRegion(async () => ['elsewhere.example.com'], silentLog);

    expect(failing).toBe('us-east-1');
    expect(odd).toBe('us-east-1');
  });
});

describe('Functions: error classification', () => {
  const named = (name: string, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error('x'), { name }, extra);

  it('fails over on endpoint errors only', () => {
    expect(
      isEndpointError(named('ServiceUnavailableException', { $metadata: { httpStatusCode: 503 } })),
    ).toBe(true);
    expect(isEndpointError(named('InvalidSignatureException'))).toBe(true);
    expect(isEndpointError(named('Error', { code: 'ECONNRESET' }))).toBe(true);
    expect(isEndpointError(named('InternalFailure', { $metadata: { httpStatusCode: 500 } }))).toBe(true);
    expect(isEndpointError(named('ThrottlingException', { $metadata: { httpStatusCode: 400 } }))).toBe(false);
    expect(isEndpointError(named('SubscriptionRequiredException'))).toBe(false);
  });

  it('matches SubscriptionRequiredException by name and stops the poll on it', () => {
    expect(isSubscriptionRequired(named('SubscriptionRequiredException'))).toBe(true);
    expect(stopsThePoll(named('SubscriptionRequiredException'))).toBe(true);
    expect(stopsThePoll(named('AccessDeniedException'))).toBe(false);
  });
});
