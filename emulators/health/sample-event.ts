import type { PublishedHealthEvent } from './state.js';

/**
 * The public EC2 issue of AWS's documented sample event (the one `test/events/health/public-ec2-issue.json`
 * delivers through EventBridge), so `lookout emulate health` answers DescribeEvents with something AWS
 * itself published and a replay of that file tells the same event.
 */
export const SAMPLE_HEALTH_EVENT: PublishedHealthEvent = {
  arn: 'arn:aws:health:us-east-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE',
  service: 'EC2',
  typeCode: 'AWS_EC2_OPERATIONAL_ISSUE',
  category: 'issue',
  region: 'us-east-1',
  scope: 'PUBLIC',
  status: 'open',
  startTime: '2023-02-15T22:07:07.000Z',
  lastUpdatedTime: '2023-02-15T22:07:07.000Z',
  description:
    'We are investigating increased API Error rates and Latencies for Amazon Elastic Compute Cloud in the US-EAST-1 Region.',
};
