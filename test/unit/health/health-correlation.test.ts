import { describe, expect, it } from 'vitest';
import {
  correlatedTargets,
  endpointNames,
  healthServiceOf,
} from '../../../lambda/domain/health/health-correlation.js';

const TARGETS = [
  { id: 'dynamodb.us-east-1.amazonaws.com/A', name: 'DynamoDB.us-east-1.amazonaws.com.' },
  { id: 'dynamodb.eu-west-1.amazonaws.com/A', name: 'dynamodb.eu-west-1.amazonaws.com' },
  { id: 'api.example.com/A', name: 'api.example.com' },
  { id: 'iam.amazonaws.com/A', name: 'iam.amazonaws.com' },
  { id: 's3.amazonaws.com/A', name: 's3.amazonaws.com' },
];

describe('Function: endpointNames', () => {
  it('follows `<service>.<region>.amazonaws.com` for a service it has no exception for', () => {
    // Act & Assess
    expect(endpointNames('LAMBDA', 'us-east-1')).toEqual(['lambda.us-east-1.amazonaws.com']);
    expect(endpointNames('ELASTICLOADBALANCING', 'eu-west-1')).toEqual([
      'elasticloadbalancing.eu-west-1.amazonaws.com',
    ]);
    expect(endpointNames('EC2', 'cn-north-1')).toEqual(['ec2.cn-north-1.amazonaws.com.cn']);
  });

  it('knows services whose endpoint prefix is not their Health code', () => {
    // Act & Assess
    expect(endpointNames('CLOUDWATCH', 'us-east-1')).toEqual(['monitoring.us-east-1.amazonaws.com']);
    expect(endpointNames('DYNAMODB', 'us-east-1')).toEqual([
      'dynamodb.us-east-1.amazonaws.com',
      'streams.dynamodb.us-east-1.amazonaws.com',
    ]);
  });

  it('gives global services their global name, for `global` and for their home region', () => {
    // Act & Assess
    expect(endpointNames('IAM', 'global')).toEqual(['iam.amazonaws.com']);
    expect(endpointNames('CLOUDFRONT', 'global')).toEqual(['cloudfront.amazonaws.com']);
    expect(endpointNames('ROUTE53', 'us-east-1')).toEqual(['route53.amazonaws.com']);
    expect(endpointNames('IAM', 'eu-west-1')).toEqual([]);
  });

  it('includes S3’s legacy global endpoint in us-east-1 and its dashed regional form', () => {
    // Act & Assess
    expect(endpointNames('S3', 'us-east-1')).toEqual([
      's3.us-east-1.amazonaws.com',
      's3.amazonaws.com',
      's3-external-1.amazonaws.com',
      's3-us-east-1.amazonaws.com',
    ]);
    expect(endpointNames('S3', 'eu-west-1')).toEqual([
      's3.eu-west-1.amazonaws.com',
      's3-eu-west-1.amazonaws.com',
    ]);
  });

  it('adds configured names, replaces the defaults when told, and is off when disabled', () => {
    // Prepare
    const extra = {
      endpoints: [{ service: 'dynamodb', region: 'us-east-1', names: ['DDB.Internal.Example.'] }],
    };
    const only = { endpoints: [{ service: 'DYNAMODB', names: ['ddb.example.com'], replaceDefaults: true }] };
    // Act & Assess
    expect(endpointNames('DYNAMODB', 'us-east-1', extra)).toContain('ddb.internal.example');
    expect(endpointNames('DYNAMODB', 'eu-west-1', extra)).not.toContain('ddb.internal.example');
    expect(endpointNames('DYNAMODB', 'eu-west-1', only)).toEqual(['ddb.example.com']);
    expect(
      endpointNames('DYNAMODB', 'us-east-1', { endpoints: [{ service: 'DYNAMODB', replaceDefaults: true }] }),
    ).toEqual([]);
    expect(endpointNames('DYNAMODB', 'us-east-1', { enabled: false })).toEqual([]);
  });
});

describe('Function: correlatedTargets', () => {
  it('returns the watched targets named like the event’s service endpoint in its region', () => {
    // Act & Assess
    expect(correlatedTargets({ service: 'DYNAMODB', region: 'us-east-1' }, TARGETS)).toEqual([
      'dynamodb.us-east-1.amazonaws.com/A',
    ]);
    expect(correlatedTargets({ service: 'IAM', region: 'global' }, TARGETS)).toEqual(['iam.amazonaws.com/A']);
    expect(correlatedTargets({ service: 'S3', region: 'us-east-1' }, TARGETS)).toEqual([
      's3.amazonaws.com/A',
    ]);
    expect(correlatedTargets({ service: 'EC2', region: 'us-east-1' }, TARGETS)).toEqual([]);
  });

  it('matches a configured name of your own', () => {
    // Act
    const ids = correlatedTargets({ service: 'DYNAMODB', region: 'us-east-1' }, TARGETS, {
      endpoints: [{ service: 'DYNAMODB', names: ['api.example.com'] }],
    });
    // Assess
    expect(ids).toEqual(['dynamodb.us-east-1.amazonaws.com/A', 'api.example.com/A']);
  });
});

describe('Function: healthServiceOf', () => {
  it('reads service and region back from an endpoint name', () => {
    // Act & Assess
    expect(healthServiceOf('DynamoDB.us-east-1.amazonaws.com.')).toEqual({
      service: 'DYNAMODB',
      region: 'us-east-1',
    });
    expect(healthServiceOf('streams.dynamodb.eu-west-1.amazonaws.com')).toEqual({
      service: 'DYNAMODB',
      region: 'eu-west-1',
    });
    expect(healthServiceOf('monitoring.us-west-2.amazonaws.com')).toEqual({
      service: 'CLOUDWATCH',
      region: 'us-west-2',
    });
    expect(healthServiceOf('lambda.ap-southeast-2.amazonaws.com')).toEqual({
      service: 'LAMBDA',
      region: 'ap-southeast-2',
    });
    expect(healthServiceOf('iam.amazonaws.com')).toEqual({ service: 'IAM', region: 'global' });
    expect(healthServiceOf('s3.amazonaws.com')).toEqual({ service: 'S3', region: 'us-east-1' });
    expect(healthServiceOf('s3-eu-west-1.amazonaws.com')).toEqual({ service: 'S3', region: 'eu-west-1' });
    expect(healthServiceOf('ec2.cn-north-1.amazonaws.com.cn')).toEqual({
      service: 'EC2',
      region: 'cn-north-1',
    });
  });

  it('says nothing for a name that is no AWS endpoint', () => {
    // Act & Assess
    expect(healthServiceOf('api.example.com')).toBeUndefined();
    expect(healthServiceOf('foo-us-east-1.amazonaws.com')).toBeUndefined();
  });

  it('knows configured names', () => {
    // Act & Assess
    expect(
      healthServiceOf('ddb.internal.example', {
        endpoints: [{ service: 'dynamodb', region: 'us-east-1', names: ['DDB.internal.example.'] }],
      }),
    ).toEqual({ service: 'DYNAMODB', region: 'us-east-1' });
  });

  it('round-trips with endpointNames for every default name', () => {
    // Prepare
    const cases = [
      ['DYNAMODB', 'us-east-1'],
      ['LAMBDA', 'eu-central-1'],
      ['ELASTICLOADBALANCING', 'us-west-2'],
      ['CLOUDWATCH', 'ap-south-1'],
      ['SES', 'eu-west-1'],
      ['ECR', 'us-east-2'],
      ['IAM', 'global'],
      ['CLOUDFRONT', 'global'],
      ['ROUTE53', 'global'],
      ['S3', 'eu-west-1'],
    ] as const;
    // Act & Assess
    for (const [service, region] of cases) {
      for (const name of endpointNames(service, region)) {
        expect(healthServiceOf(name), name).toEqual({ service, region });
      }
    }
  });
});
