import { describe, expect, it } from 'vitest';
import {
  healthBackupRegionOf,
  healthEventRegions,
  healthForwardingRegions,
} from '../../../lambda/domain/health/health-regions.js';

describe('Function: healthBackupRegionOf', () => {
  it('is us-west-2 for every region but us-west-2, whose backup is us-east-1', () => {
    // Act & Assess
    expect(healthBackupRegionOf('eu-west-1')).toBe('us-west-2');
    expect(healthBackupRegionOf('us-east-1')).toBe('us-west-2');
    expect(healthBackupRegionOf('us-west-2')).toBe('us-east-1');
  });
});

describe('Function: healthEventRegions', () => {
  it('covers Lookout’s region, us-east-1 for global events and both backups even with no AWS endpoint watched', () => {
    // Act
    const regions = healthEventRegions({
      lookoutRegion: 'eu-central-1',
      targets: [{ name: 'api.example.com' }],
    });

    // Assess
    expect(regions).toEqual(['eu-central-1', 'us-east-1', 'us-west-2']);
  });

  it('adds the regions of watched AWS endpoint names and of health.regions, with their backups', () => {
    // Act
    const regions = healthEventRegions({
      lookoutRegion: 'eu-central-1',
      targets: [
        { name: 'DynamoDB.ap-southeast-2.amazonaws.com.' },
        { name: 's3-eu-west-3.amazonaws.com' },
        { name: 'iam.amazonaws.com' },
        { name: 'api.example.com' },
      ],
      regions: ['eu-north-1'],
    });

    // Assess
    expect(regions).toEqual([
      'ap-southeast-2',
      'eu-central-1',
      'eu-north-1',
      'eu-west-3',
      'us-east-1',
      'us-west-2',
    ]);
  });

  it('takes the region of a name from a correlation override that names it', () => {
    // Act
    const regions = healthEventRegions({
      lookoutRegion: 'us-east-1',
      targets: [{ name: 'vpce-0abc.dynamodb.internal.example' }],
      correlation: {
        endpoints: [
          { service: 'DYNAMODB', region: 'ap-northeast-1', names: ['vpce-0abc.dynamodb.internal.example'] },
        ],
      },
    });

    // Assess
    expect(regions).toEqual(['ap-northeast-1', 'us-east-1', 'us-west-2']);
  });

  it('leaves out regions of another partition: no rule can forward across partitions', () => {
    // Act
    const regions = healthEventRegions({
      lookoutRegion: 'eu-west-1',
      targets: [{ name: 'ec2.cn-north-1.amazonaws.com.cn' }],
    });

    // Assess
    expect(regions).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
  });
});

describe('Function: healthForwardingRegions', () => {
  it('is every event region but Lookout’s own', () => {
    // Act
    const regions = healthForwardingRegions({
      lookoutRegion: 'eu-central-1',
      targets: [{ name: 'dynamodb.us-east-1.amazonaws.com' }],
      regions: ['eu-west-1'],
    });

    // Assess
    expect(regions).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
  });

  it('forwards only from the backup region when Lookout runs in us-east-1', () => {
    // Act & Assess
    expect(
      healthForwardingRegions({
        lookoutRegion: 'us-east-1',
        targets: [{ name: 'dynamodb.us-east-1.amazonaws.com' }],
      }),
    ).toEqual(['us-west-2']);
    expect(
      healthForwardingRegions({ lookoutRegion: 'us-west-2', targets: [{ name: 'api.example.com' }] }),
    ).toEqual(['us-east-1']);
  });
});
