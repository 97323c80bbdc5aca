import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HealthEvent } from '../../../lambda/domain/health/health-event.js';
import { InvalidHealthEventError } from '../../../lambda/sources/health/errors.js';
import { parseHealthTime } from '../../../lambda/sources/health/health-dates.js';
import { isHealthEventBridgeEvent, parseHealthEvent } from '../../../lambda/sources/health/health-events.js';

const DIR = new URL('../../events/health/', import.meta.url);
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(name, DIR), 'utf8'));

// biome-ignore lint/suspicious/noExplicitAny: variants edit fixtures deep inside, by path
type EditableEvent = any;

/** A fresh copy of a fixture with one edit applied to it. */
function variant(name: string, edit: (event: EditableEvent) => void): unknown {
  const event = fixture(name);
  edit(event);
  return event;
}

function failure(input: unknown): InvalidHealthEventError {
  try {
    parseHealthEvent(input);
  } catch (error) {
    if (error instanceof InvalidHealthEventError) return error;
    throw error;
  }
  throw new Error('expected parseHealthEvent to throw');
}

const SAMPLE_METADATA = {
  keystring1: 'valuestring1',
  keystring2: 'valuestring2',
  keystring3: 'valuestring3',
  keystring4: 'valuestring4',
  truncated: 'true',
};

const PUBLIC_EC2: HealthEvent = {
  arn: 'arn:aws:health:us-east-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE',
  account: '123456789012',
  service: 'EC2',
  typeCode: 'AWS_EC2_OPERATIONAL_ISSUE',
  category: 'issue',
  scope: 'PUBLIC',
  region: 'us-east-1',
  status: 'open',
  startTime: '2023-02-15T22:07:07.000Z',
  lastUpdatedTime: '2023-02-15T22:07:07.000Z',
  description:
    'We are investigating increased API Error rates and Latencies for Amazon Elastic Compute Cloud in the US-EAST-1 Region.',
  entities: [],
  communicationId: '01b0993207d81a09dcd552ebd1e633e36cf1f09a-1',
  via: 'eventbridge',
  page: { page: 1, totalPages: 1 },
  deliveryId: 'fd9d4512-1eb0-50f6-0491-d016ae56aef0',
};

const ACCOUNT_SPECIFIC_BASE = {
  arn: 'arn:aws:health:us-west-2::event/AWS_EC2_INSTANCE_STORE_DRIVE_PERFORMANCE_DEGRADED_90353408594353980',
  account: '123456789012',
  service: 'EC2',
  typeCode: 'AWS_EC2_INSTANCE_STORE_DRIVE_PERFORMANCE_DEGRADED',
  category: 'issue',
  scope: 'ACCOUNT_SPECIFIC',
  region: 'us-west-2',
  status: 'open',
  startTime: '2023-01-27T13:19:03.000Z',
  lastUpdatedTime: '2023-01-27T13:44:13.000Z',
  description: 'A description of the event will be provided here',
  metadata: SAMPLE_METADATA,
  via: 'eventbridge',
} as const;

const SAMPLE_ENTITIES = [
  { value: 'arn:ec2-1-101002929', status: 'IMPAIRED', lastUpdatedTime: '2023-01-26T19:01:55.000Z' },
  { value: 'arn:ec2-1-101002930', status: 'IMPAIRED', lastUpdatedTime: '2023-01-26T19:05:12.000Z' },
  { value: 'arn:ec2-1-101002931', status: 'UNIMPAIRED', lastUpdatedTime: '2023-01-26T19:07:13.000Z' },
  { value: 'arn:ec2-1-101002932', status: 'RESOLVED', lastUpdatedTime: '2023-01-26T19:10:59.000Z' },
];

const EXPECTED: Record<string, HealthEvent> = {
  'public-ec2-issue.json': PUBLIC_EC2,
  'public-ec2-issue.backup-region.json': {
    ...PUBLIC_EC2,
    backup: true,
    deliveryId: 'a1c2e3f4-5b6d-4e8f-9a0b-1c2d3e4f5a6b',
  },
  'public-elb-issue.json': {
    arn: 'arn:aws:health:ap-southeast-2::event/AWS_ELASTICLOADBALANCING_API_ISSUE_90353408594353980',
    account: '123456789012',
    service: 'ELASTICLOADBALANCING',
    typeCode: 'AWS_ELASTICLOADBALANCING_OPERATIONAL_ISSUE',
    category: 'issue',
    scope: 'PUBLIC',
    region: 'ap-southeast-2',
    status: 'open',
    startTime: '2023-01-26T13:19:03.000Z',
    endTime: '2023-01-26T13:44:13.000Z',
    lastUpdatedTime: '2023-01-26T13:44:13.000Z',
    description: 'A description of the event will be provided here',
    entities: [],
    communicationId: '4826e1b01e4eed2b0f117c54306d907c713586799d76d487c9132a40149ac107-1',
    via: 'eventbridge',
    page: { page: 1, totalPages: 1 },
    deliveryId: '7bf73129-1428-4cd3-a780-95db273d1602',
  },
  'account-specific-ec2-entities.json': {
    ...ACCOUNT_SPECIFIC_BASE,
    entities: SAMPLE_ENTITIES,
    communicationId: '1234abc01232a4012345678-1',
    page: { page: 1, totalPages: 10 },
    deliveryId: '7bf73129-1428-4cd3-a780-95db273d1602',
  },
  'multi-page-1-of-2.json': {
    ...ACCOUNT_SPECIFIC_BASE,
    entities: SAMPLE_ENTITIES.slice(0, 2),
    communicationId: '1234abc01232a4012345678-1',
    page: { page: 1, totalPages: 2 },
    deliveryId: '7bf73129-1428-4cd3-a780-95db273d1602',
  },
  'multi-page-2-of-2.json': {
    ...ACCOUNT_SPECIFIC_BASE,
    entities: SAMPLE_ENTITIES.slice(2),
    communicationId: '1234abc01232a4012345678-2',
    page: { page: 2, totalPages: 2 },
    deliveryId: '8c0e4a3a-2539-4de4-b891-a6ec384e2713',
  },
  'abuse-dos-report.json': {
    arn: 'arn:aws:health:global::event/AWS_ABUSE_DOS_REPORT_92387492375_4498_2018_08_01_02_33_00',
    account: '123456789012',
    service: 'ABUSE',
    typeCode: 'AWS_ABUSE_DOS_REPORT',
    category: 'issue',
    scope: 'ACCOUNT_SPECIFIC',
    region: 'us-west-2',
    status: 'open',
    startTime: '2018-08-01T06:27:57.000Z',
    lastUpdatedTime: '2023-01-27T13:44:13.000Z',
    description: 'A description of the event will be provided here',
    entities: [
      { value: 'arn:ec2-1-101002929', status: 'IMPAIRED', lastUpdatedTime: '2023-01-26T19:01:55.000Z' },
      { value: 'arn:ec2-1-101002930', status: 'UNKNOWN', lastUpdatedTime: '2023-01-26T19:05:12.000Z' },
      { value: 'arn:ec2-1-101002931', status: 'UNIMPAIRED', lastUpdatedTime: '2023-01-26T19:07:13.000Z' },
      { value: 'arn:ec2-1-101002932', status: 'RESOLVED', lastUpdatedTime: '2023-01-26T19:10:59.000Z' },
    ],
    communicationId: '1234abc01232a4012345678-1',
    metadata: SAMPLE_METADATA,
    via: 'eventbridge',
    page: { page: 1, totalPages: 10 },
    abuse: true,
    deliveryId: '7bf73129-1428-4cd3-a780-95db273d1602',
  },
  'scheduled-change-ec2-reboot.json': {
    arn: 'arn:aws:health:us-east-1::event/EC2/AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED/AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED_EXAMPLE111',
    account: '123456789012',
    service: 'EC2',
    typeCode: 'AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED',
    category: 'scheduledChange',
    scope: 'ACCOUNT_SPECIFIC',
    region: 'us-east-1',
    status: 'upcoming',
    startTime: '2023-03-15T09:00:00.000Z',
    endTime: '2023-03-15T11:00:00.000Z',
    lastUpdatedTime: '2023-03-01T09:00:00.000Z',
    description:
      'One or more of your Amazon EC2 instances in the us-east-1 Region is scheduled for a reboot during the maintenance window named in this event.',
    entities: [
      { value: 'i-0abcd1111example1', status: 'PENDING', lastUpdatedTime: '2023-03-01T09:00:00.000Z' },
      { value: 'i-0abcd2222example2', status: 'PENDING', lastUpdatedTime: '2023-03-01T09:00:00.000Z' },
    ],
    communicationId: '7e1f0c9a2b3d4e5f60718293a4b5c6d7e8f90123-1',
    via: 'eventbridge',
    page: { page: 1, totalPages: 1 },
    deliveryId: '5c3f9a1e-2b7d-4e8a-9f60-1d2c3b4a5e6f',
  },
  'dynamodb-2025-10-20.reconstruction.json': {
    arn: 'arn:aws:health:us-east-1::event/DYNAMODB/AWS_DYNAMODB_OPERATIONAL_ISSUE/AWS_DYNAMODB_OPERATIONAL_ISSUE_LOOKOUT_RECONSTRUCTION',
    account: '123456789012',
    service: 'DYNAMODB',
    typeCode: 'AWS_DYNAMODB_OPERATIONAL_ISSUE',
    category: 'issue',
    scope: 'PUBLIC',
    region: 'us-east-1',
    status: 'open',
    startTime: '2025-10-20T06:48:00.000Z',
    lastUpdatedTime: '2025-10-20T07:11:00.000Z',
    description:
      "[Lookout reconstruction, not AWS's wording] Increased error rates and latencies for Amazon DynamoDB in the US-EAST-1 Region.",
    entities: [],
    communicationId: 'lookout-reconstruction-20251020-1',
    via: 'eventbridge',
    page: { page: 1, totalPages: 1 },
    deliveryId: 'lookout-reconstruction-2025-10-20-0711',
  },
};

describe('Function: parseHealthEvent (AWS samples and Lookout fixtures)', () => {
  it('has an expectation for every fixture in test/events/health', () => {
    // Prepare
    const files = readdirSync(DIR).filter((name) => name.endsWith('.json'));

    // Assess
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(EXPECTED))('reads %s', (name) => {
    // Act
    const event = parseHealthEvent(fixture(name));

    // Assess
    expect(event).toEqual(EXPECTED[name]);
  });

  it('reads the backup-region copy as the same event, flagged, not a second one', () => {
    // Act
    const primary = parseHealthEvent(fixture('public-ec2-issue.json'));
    const backup = parseHealthEvent(fixture('public-ec2-issue.backup-region.json'));

    // Assess
    expect(backup.backup).toBe(true);
    expect(primary.backup).toBeUndefined();
    expect([backup.arn, backup.communicationId, backup.region]).toEqual([
      primary.arn,
      primary.communicationId,
      primary.region,
    ]);
  });

  it('takes the impacted region from eventRegion, never from the envelope (where it was delivered)', () => {
    // Prepare: the abuse sample is delivered to `global` and names us-west-2
    const event = parseHealthEvent(fixture('abuse-dos-report.json'));

    // Assess
    expect(event.region).toBe('us-west-2');
  });
});

describe('Function: parseHealthEvent (what AWS may send)', () => {
  it.each([
    ['RFC 1123 in GMT', 'Wed, 15 Feb 2023 22:07:07 GMT', '2023-02-15T22:07:07.000Z'],
    [
      'RFC 1123 with a wrong weekday (as in AWS samples)',
      'Thu, 27 Jan 2023 13:19:03 GMT',
      '2023-01-27T13:19:03.000Z',
    ],
    ['RFC 1123 without a weekday', '15 Feb 2023 22:07:07 GMT', '2023-02-15T22:07:07.000Z'],
    ['RFC 1123 with an offset', 'Wed, 15 Feb 2023 23:07:07 +0100', '2023-02-15T22:07:07.000Z'],
    ['ISO 8601 in UTC', '2023-02-15T22:07:07Z', '2023-02-15T22:07:07.000Z'],
    ['ISO 8601 with milliseconds and an offset', '2023-02-15T17:07:07.123-05:00', '2023-02-15T22:07:07.123Z'],
    [
      'ISO 8601 with microseconds and a space',
      '2023-02-15 22:07:07.951000+00:00',
      '2023-02-15T22:07:07.951Z',
    ],
  ])('reads startTime in %s', (_what, text, iso) => {
    // Prepare
    const input = variant('public-ec2-issue.json', (e) => {
      e.detail.startTime = text;
    });

    // Act
    const event = parseHealthEvent(input);

    // Assess
    expect(event.startTime).toBe(iso);
    expect(event.metadata).toBeUndefined();
  });

  it.each(['yesterday', 'Mon, 30 Feb 2023 10:00:00 GMT', '2023-13-01T00:00:00Z', '1676498827', '2023-02-15'])(
    'keeps the event when startTime is %j, which it cannot read: absent, the text kept in metadata',
    (text) => {
      // Prepare
      const input = variant('public-ec2-issue.json', (e) => {
        e.detail.startTime = text;
      });

      // Act
      const event = parseHealthEvent(input);

      // Assess
      expect(event.startTime).toBeUndefined();
      expect(event.metadata).toEqual({ unparsedStartTime: text });
      expect(event.lastUpdatedTime).toBe('2023-02-15T22:07:07.000Z');
    },
  );

  it('reads a missing endTime, and an empty one, as no end', () => {
    // Prepare
    const empty = variant('public-elb-issue.json', (e) => {
      e.detail.endTime = '';
    });
    const missing = variant('public-elb-issue.json', (e) => {
      delete e.detail.endTime;
    });

    // Act
    const events = [parseHealthEvent(empty), parseHealthEvent(missing)];

    // Assess
    for (const event of events) {
      expect(event.endTime).toBeUndefined();
      expect(event.metadata).toBeUndefined();
    }
  });

  it('carries an unknown category, service, scope, status and type code as text', () => {
    // Prepare
    const input = variant('public-ec2-issue.json', (e) => {
      Object.assign(e.detail, {
        eventTypeCategory: 'plannedChange',
        service: 'QUANTUMLEDGER',
        eventScopeCode: 'ORGANIZATION',
        statusCode: 'mitigated',
        eventTypeCode: 'AWS_QUANTUMLEDGER_NEW_KIND_OF_EVENT',
      });
    });

    // Act
    const event = parseHealthEvent(input);

    // Assess
    expect(event).toMatchObject({
      category: 'plannedChange',
      service: 'QUANTUMLEDGER',
      scope: 'ORGANIZATION',
      status: 'mitigated',
      typeCode: 'AWS_QUANTUMLEDGER_NEW_KIND_OF_EVENT',
    });
  });

  it('allows fields AWS may add, at every level', () => {
    // Prepare
    const input = variant('account-specific-ec2-entities.json', (e) => {
      e.newEnvelopeField = 1;
      e.detail.newDetailField = { nested: true };
      e.detail.affectedEntities[0].tags = { stage: 'prod' };
    });

    // Act
    const event = parseHealthEvent(input);

    // Assess
    expect(event.entities[0]).toEqual(SAMPLE_ENTITIES[0]);
  });

  it.each([
    ['status / lastUpdatedTime', { status: 'IMPAIRED', lastUpdatedTime: 'Thu, 26 Jan 2023 19:01:55 GMT' }],
    [
      'statusCode / lastupdatedTime',
      { statusCode: 'IMPAIRED', lastupdatedTime: 'Thu, 26 Jan 2023 19:01:55 GMT' },
    ],
    [
      'statusCode / lastUpdatedTime',
      { statusCode: 'IMPAIRED', lastUpdatedTime: 'Thu, 26 Jan 2023 19:01:55 GMT' },
    ],
    [
      'StatusCode / LastUpdatedTime',
      { StatusCode: 'IMPAIRED', LastUpdatedTime: 'Thu, 26 Jan 2023 19:01:55 GMT' },
    ],
  ])('reads entity keys spelled %s alike', (_spelling, keys) => {
    // Prepare
    const input = variant('account-specific-ec2-entities.json', (e) => {
      e.detail.affectedEntities = [{ entityValue: 'i-1', ...keys }];
    });

    // Act
    const event = parseHealthEvent(input);

    // Assess
    expect(event.entities).toEqual([
      { value: 'i-1', status: 'IMPAIRED', lastUpdatedTime: '2023-01-26T19:01:55.000Z' },
    ]);
  });

  it('prefers `status` when an entity carries both spellings', () => {
    // Prepare
    const input = variant('account-specific-ec2-entities.json', (e) => {
      e.detail.affectedEntities = [{ entityValue: 'i-1', statusCode: 'PENDING', status: 'RESOLVED' }];
    });

    // Act
    const event = parseHealthEvent(input);

    // Assess
    expect(event.entities).toEqual([{ value: 'i-1', status: 'RESOLVED' }]);
  });

  it('keeps an entity whose time it cannot read, and that time in metadata', () => {
    // Prepare
    const input = variant('account-specific-ec2-entities.json', (e) => {
      e.detail.eventMetadata = undefined;
      e.detail.affectedEntities = [{ entityValue: 'i-1', status: 'IMPAIRED', lastUpdatedTime: 'soon' }];
    });

    // Act
    const event = parseHealthEvent(input);

    // Assess
    expect(event.entities).toEqual([{ value: 'i-1', status: 'IMPAIRED' }]);
    expect(event.metadata).toEqual({ 'unparsedEntityLastUpdatedTime.i-1': 'soon' });
  });

  it('picks the en_US description among several languages, else the first', () => {
    // Prepare
    const several = variant('public-ec2-issue.json', (e) => {
      e.detail.eventDescription = [
        { language: 'ja_JP', latestDescription: '調査中' },
        { language: 'en_US', latestDescription: 'Investigating' },
      ];
    });
    const noEnglish = variant('public-ec2-issue.json', (e) => {
      e.detail.eventDescription = [
        { language: 'ja_JP', latestDescription: '調査中' },
        { language: 'de_DE', latestDescription: 'Wird untersucht' },
      ];
    });
    const none = variant('public-ec2-issue.json', (e) => {
      delete e.detail.eventDescription;
    });

    // Act & Assess
    expect(parseHealthEvent(several).description).toBe('Investigating');
    expect(parseHealthEvent(noEnglish).description).toBe('調査中');
    expect(parseHealthEvent(none).description).toBe('');
  });

  it('takes the region from the eventArn when eventRegion is absent, and the account from the envelope', () => {
    // Prepare
    const input = variant('public-ec2-issue.json', (e) => {
      delete e.detail.eventRegion;
      delete e.detail.affectedAccount;
      e.account = '111122223333';
    });

    // Act
    const event = parseHealthEvent(input);

    // Assess
    expect(event.region).toBe('us-east-1');
    expect(event.account).toBe('111122223333');
  });

  it('takes affectedAccount over the envelope account (the organization view)', () => {
    // Prepare: the management account receives the event about a member account
    const input = variant('account-specific-ec2-entities.json', (e) => {
      e.account = '999988887777';
      e.detail.affectedAccount = '123456789012';
    });

    // Act & Assess
    expect(parseHealthEvent(input).account).toBe('123456789012');
  });

  it.each([
    [true, true],
    ['true', true],
    [false, undefined],
    ['false', undefined],
  ])('reads backupEvent %j as backup %j', (given, backup) => {
    // Prepare
    const input = variant('public-ec2-issue.json', (e) => {
      e.detail.backupEvent = given;
    });

    // Act & Assess
    expect(parseHealthEvent(input).backup).toBe(backup);
  });

  it('keeps non-text metadata values as JSON text and drops null ones', () => {
    // Prepare
    const input = variant('public-ec2-issue.json', (e) => {
      e.detail.eventMetadata = { count: 3, flag: true, nested: { a: 1 }, gone: null, text: 'x' };
    });

    // Act & Assess
    expect(parseHealthEvent(input).metadata).toEqual({
      count: '3',
      flag: 'true',
      nested: '{"a":1}',
      text: 'x',
    });
  });

  it('reads a page given as a number, and leaves page out when AWS gives none', () => {
    // Prepare
    const numeric = variant('public-ec2-issue.json', (e) => {
      e.detail.page = 2;
      e.detail.totalPages = 3;
    });
    const unpaged = variant('public-ec2-issue.json', (e) => {
      delete e.detail.page;
      delete e.detail.totalPages;
    });

    // Act & Assess
    expect(parseHealthEvent(numeric).page).toEqual({ page: 2, totalPages: 3 });
    expect(parseHealthEvent(unpaged).page).toBeUndefined();
  });

  it('tells a Health delivery from others by its source', () => {
    // Assess
    expect(isHealthEventBridgeEvent(fixture('public-ec2-issue.json'))).toBe(true);
    expect(isHealthEventBridgeEvent({ source: 'aws.route53' })).toBe(false);
    expect(isHealthEventBridgeEvent([])).toBe(false);
  });
});

const ID = 'fd9d4512-1eb0-50f6-0491-d016ae56aef0';

describe('Function: parseHealthEvent (bad input)', () => {
  const cases: [string, unknown, string][] = [
    ['null', null, 'invalid AWS Health event: expected a JSON object, got null'],
    ['an array', [], 'invalid AWS Health event: expected a JSON object, got an array'],
    ['a string', 'aws.health', 'invalid AWS Health event: expected a JSON object, got a string'],
    [
      'another source',
      variant('public-ec2-issue.json', (e) => {
        e.source = 'aws.route53';
      }),
      `invalid AWS Health event ${ID}: source: expected aws.health, got "aws.route53"`,
    ],
    [
      'no source',
      variant('public-ec2-issue.json', (e) => {
        delete e.source;
      }),
      `invalid AWS Health event ${ID}: source: expected aws.health, got nothing`,
    ],
    [
      'another detail-type',
      variant('public-ec2-issue.json', (e) => {
        e['detail-type'] = 'AWS API Call via CloudTrail';
      }),
      `invalid AWS Health event ${ID}: detail-type: expected "AWS Health Event" or "AWS Health Abuse Event", got "AWS API Call via CloudTrail"`,
    ],
    [
      'a numeric eventArn',
      variant('public-ec2-issue.json', (e) => {
        e.detail.eventArn = 42;
      }),
      `invalid AWS Health event ${ID}: detail.eventArn: expected a non-empty string, got a number`,
    ],
    [
      'no eventArn',
      variant('public-ec2-issue.json', (e) => {
        delete e.detail.eventArn;
      }),
      `invalid AWS Health event ${ID}: detail.eventArn: expected a non-empty string, got nothing`,
    ],
    [
      'an empty service',
      variant('public-ec2-issue.json', (e) => {
        e.detail.service = '';
      }),
      `invalid AWS Health event ${ID}: detail.service: expected a non-empty string`,
    ],
    [
      'no statusCode',
      variant('public-ec2-issue.json', (e) => {
        delete e.detail.statusCode;
      }),
      `invalid AWS Health event ${ID}: detail.statusCode: expected a non-empty string, got nothing`,
    ],
    [
      'no detail',
      variant('public-ec2-issue.json', (e) => {
        delete e.detail;
      }),
      `invalid AWS Health event ${ID}: detail: expected an object, got nothing`,
    ],
    [
      'no id',
      variant('public-ec2-issue.json', (e) => {
        delete e.id;
      }),
      'invalid AWS Health event: id: expected a non-empty string, got nothing',
    ],
    [
      'an entity without entityValue',
      variant('account-specific-ec2-entities.json', (e) => {
        delete e.detail.affectedEntities[2].entityValue;
      }),
      'invalid AWS Health event 7bf73129-1428-4cd3-a780-95db273d1602: detail.affectedEntities.2.entityValue: expected a non-empty string, got nothing',
    ],
    [
      'an entity that is text',
      variant('account-specific-ec2-entities.json', (e) => {
        e.detail.affectedEntities = ['i-1'];
      }),
      'invalid AWS Health event 7bf73129-1428-4cd3-a780-95db273d1602: detail.affectedEntities.0: expected an object with entityValue, got a string',
    ],
    [
      'a description without text',
      variant('public-ec2-issue.json', (e) => {
        e.detail.eventDescription = [{ language: 'en_US' }];
      }),
      `invalid AWS Health event ${ID}: detail.eventDescription.0.latestDescription: expected a string, got nothing`,
    ],
    [
      'a page that is not a number',
      variant('public-ec2-issue.json', (e) => {
        e.detail.page = 'one';
      }),
      `invalid AWS Health event ${ID}: detail.page: expected a whole number ≥ 1, got "one"`,
    ],
    [
      'page 0',
      variant('public-ec2-issue.json', (e) => {
        e.detail.page = '0';
      }),
      `invalid AWS Health event ${ID}: detail.page: expected a whole number ≥ 1, got "0"`,
    ],
    [
      'a page past the last',
      variant('public-ec2-issue.json', (e) => {
        e.detail.page = '3';
        e.detail.totalPages = '2';
      }),
      `invalid AWS Health event ${ID}: detail.page: page 3 is past detail.totalPages 2`,
    ],
    [
      'a page without totalPages',
      variant('public-ec2-issue.json', (e) => {
        delete e.detail.totalPages;
      }),
      `invalid AWS Health event ${ID}: detail.totalPages: expected with detail.page`,
    ],
    [
      'backupEvent as a number',
      variant('public-ec2-issue.json', (e) => {
        e.detail.backupEvent = 1;
      }),
      `invalid AWS Health event ${ID}: detail.backupEvent: expected true or false, got a number`,
    ],
    [
      'no region anywhere',
      variant('public-ec2-issue.json', (e) => {
        delete e.detail.eventRegion;
        e.detail.eventArn = 'not-an-arn';
      }),
      `invalid AWS Health event ${ID}: detail.eventRegion: expected a region (the eventArn names none)`,
    ],
  ];

  it.each(cases)('rejects %s, naming the field and the delivery', (_what, input, message) => {
    // Act
    const error = failure(input);

    // Assess
    expect(error.message).toBe(message);
    expect(error.code).toBe('HEALTH_EVENT_INVALID');
    expect(error.name).toBe('InvalidHealthEventError');
  });

  it('lists at most five problems on its one line and counts the rest', () => {
    // Prepare
    const input = variant('account-specific-ec2-entities.json', (e) => {
      e.detail.affectedEntities = Array.from({ length: 8 }, () => ({ status: 'IMPAIRED' }));
    });

    // Act
    const error = failure(input);

    // Assess
    expect(error.issues).toHaveLength(8);
    expect(error.message).toMatch(/affectedEntities\.4\.entityValue: [^;]*; and 3 more$/);
    expect(error.message).not.toMatch(/\n/);
  });

  it('keeps its message on one line when the input carries line breaks', () => {
    // Prepare
    const input = variant('public-ec2-issue.json', (e) => {
      e.id = 'line\nbreak';
      e.detail.eventMetadata = 'x';
    });

    // Act
    const error = failure(input);

    // Assess
    expect(error.message).toBe(
      'invalid AWS Health event line break: detail.eventMetadata: expected an object, got a string',
    );
    expect(error.deliveryId).toBe('line\nbreak');
  });
});

describe('Function: parseHealthTime', () => {
  it('reads RFC 1123 and ISO 8601 as the same instant', () => {
    // Assess
    expect(parseHealthTime('Mon, 20 Oct 2025 06:48:00 GMT')).toBe(parseHealthTime('2025-10-20T06:48:00Z'));
  });

  it.each(['', 'Wed, 15 Foo 2023 22:07:07 GMT', '2023-02-15T25:00:00Z', '2023-02-15T22:07:07+99:00'])(
    'does not read %j',
    (text) => {
      // Assess
      expect(parseHealthTime(text)).toBeUndefined();
    },
  );
});

/** Any fixture with one field, at any depth, replaced by arbitrary JSON. */
function mutatedFixture(): fc.Arbitrary<unknown> {
  const names = Object.keys(EXPECTED);
  return fc
    .record({ name: fc.constantFrom(...names), pick: fc.nat(), value: fc.jsonValue() })
    .map(({ name, pick, value }) => {
      const event = fixture(name);
      const holders: Record<string, unknown>[] = [];
      const walk = (node: unknown) => {
        if (node !== null && typeof node === 'object') {
          holders.push(node as Record<string, unknown>);
          for (const child of Object.values(node)) walk(child);
        }
      };
      walk(event);
      const holder = holders[pick % holders.length] as Record<string, unknown>;
      const keys = Object.keys(holder);
      const key = keys.length > 0 ? (keys[pick % keys.length] as string) : 'added';
      holder[key] = value;
      return event;
    });
}

describe('Function: parseHealthEvent (properties)', () => {
  it('never throws anything but InvalidHealthEventError, whose message is one line, for arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), mutatedFixture()), (input) => {
        try {
          const event = parseHealthEvent(input);
          expect(event.via).toBe('eventbridge');
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidHealthEventError);
          expect((error as Error).message).not.toMatch(/[\r\n]/);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('gives every time it returns in ISO 8601 UTC', () => {
    fc.assert(
      fc.property(mutatedFixture(), (input) => {
        let event: HealthEvent;
        try {
          event = parseHealthEvent(input);
        } catch {
          return;
        }
        const times = [
          event.startTime,
          event.endTime,
          event.lastUpdatedTime,
          ...event.entities.map((e) => e.lastUpdatedTime),
        ];
        for (const time of times.filter((t) => t !== undefined)) {
          expect(time).toBe(new Date(time as string).toISOString());
        }
      }),
      { numRuns: 1000 },
    );
  });
});
