import { describe, expect, it } from 'vitest';
import type { HealthEvent } from '../../../lambda/domain/health/health-event.js';
import {
  globMatches,
  healthFilterVerdict,
  passesHealthFilter,
} from '../../../lambda/domain/health/health-filter.js';

function event(over: Partial<HealthEvent> = {}): HealthEvent {
  return {
    arn: 'arn:aws:health:eu-west-1::event/EC2/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED/X',
    service: 'EC2',
    typeCode: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
    category: 'scheduledChange',
    region: 'eu-west-1',
    status: 'upcoming',
    description: '',
    entities: [],
    via: 'eventbridge',
    ...over,
  };
}

describe('Function: healthFilterVerdict', () => {
  it('takes everything when there are no filters or no include lists', () => {
    // Act & Assess
    expect(passesHealthFilter(event(), undefined)).toBe(true);
    expect(passesHealthFilter(event(), {})).toBe(true);
    expect(passesHealthFilter(event(), { include: { services: [] } })).toBe(true);
  });

  it('takes only what every include list names', () => {
    // Prepare
    const settings = { include: { categories: ['issue'], services: ['EC2', 'DYNAMODB'] } };
    // Act & Assess
    expect(passesHealthFilter(event({ category: 'issue' }), settings)).toBe(true);
    expect(healthFilterVerdict(event(), settings)).toBe('category scheduledChange is not among issue');
    expect(passesHealthFilter(event({ category: 'issue', service: 'S3' }), settings)).toBe(false);
  });

  it('lets exclude win over include', () => {
    // Prepare
    const settings = {
      include: { services: ['EC2'] },
      exclude: { eventTypeCodes: ['AWS_EC2_*_SCHEDULED'] },
    };
    // Act
    const verdict = healthFilterVerdict(event(), settings);
    // Assess
    expect(verdict).toBe(
      'event type code AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED matches excluded AWS_EC2_*_SCHEDULED',
    );
    expect(passesHealthFilter(event({ typeCode: 'AWS_EC2_OPERATIONAL_ISSUE' }), settings)).toBe(true);
  });

  it('filters by region, `global` included', () => {
    // Prepare
    const settings = { include: { regions: ['us-east-1', 'global'] }, exclude: { regions: ['eu-*'] } };
    // Act & Assess
    expect(passesHealthFilter(event({ region: 'global' }), settings)).toBe(true);
    expect(healthFilterVerdict(event(), settings)).toBe('region eu-west-1 matches excluded eu-*');
  });

  it('carries unknown categories and services as text: they are filtered like any other', () => {
    // Act & Assess
    expect(
      passesHealthFilter(event({ category: 'somethingNew' }), { exclude: { categories: ['issue'] } }),
    ).toBe(true);
  });
});

describe('Function: globMatches', () => {
  it('treats `*` as any run, everything else literally, case-insensitively', () => {
    // Act & Assess
    expect(globMatches('AWS_EC2_*', 'aws_ec2_operational_issue')).toBe(true);
    expect(globMatches('*', '')).toBe(true);
    expect(globMatches('AWS_EC2_*', 'AWS_EC2')).toBe(false);
    expect(globMatches('a.b', 'axb')).toBe(false);
    expect(globMatches('(x)+', '(x)+')).toBe(true);
  });
});
