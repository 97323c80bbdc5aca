import { describe, expect, it } from 'vitest';
import { digestChannelsOf } from '../../../lambda/domain/routing/digest-channels.js';
import type { RouteRule } from '../../../lambda/domain/routing/route-rule.js';

const reboot = { service: 'EC2', category: 'scheduledChange' };
const ec2 = [{ name: 'EC2 us-east-1' }];

describe('Function: digestChannelsOf', () => {
  it('sends a notice to the first rule matching source health, its service, kind and its category’s severity', () => {
    // Prepare
    const routes: RouteRule[] = [
      { match: { sources: ['dns'] }, channels: ['#dns'] },
      {
        match: { sources: ['health'], services: ['ec2'], kinds: ['HEALTH_EVENT'], severities: ['low'] },
        channels: ['#compute', '#ops'],
      },
      { match: { sources: ['health'] }, channels: ['#aws'] },
    ];

    // Act
    const channels = digestChannelsOf({
      notice: reboot,
      subjects: ec2,
      routing: { routes },
      fallback: '#alerts',
    });

    // Assess
    expect(channels).toEqual(['#compute', '#ops']);
  });

  it('applies slack.severity’s Health category overrides before matching severities', () => {
    const routes: RouteRule[] = [{ match: { severities: ['high'] }, channels: ['#urgent'] }];
    const severity = { healthCategories: { scheduledChange: 'high' as const } };

    expect(
      digestChannelsOf({ notice: reboot, subjects: ec2, routing: { routes }, fallback: '#alerts' }),
    ).toEqual(['#alerts']);
    expect(
      digestChannelsOf({ notice: reboot, subjects: ec2, routing: { routes, severity }, fallback: '#alerts' }),
    ).toEqual(['#urgent']);
  });

  it('keeps a watched target’s own channel, routes the others by their names, and drops duplicates', () => {
    const routes: RouteRule[] = [
      { match: { names: ['*.amazonaws.com'], sources: ['health'] }, channels: ['#aws-names'] },
    ];

    const channels = digestChannelsOf({
      notice: reboot,
      subjects: [
        { name: 'db.example.test', channel: '#db' },
        { name: 'ec2.us-east-1.amazonaws.com' },
        { name: 'ec2.us-east-2.amazonaws.com' },
        { name: 'api.example.test' },
      ],
      routing: { routes },
      fallback: '#alerts',
    });

    expect(channels).toEqual(['#db', '#aws-names', '#alerts']);
  });

  it('has no channel when no rule matches and slack.channel is unset', () => {
    expect(digestChannelsOf({ notice: reboot, subjects: ec2, routing: { routes: [] } })).toEqual([]);
  });
});
