import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cloudTrailEvent } from '../../../emulators/route53/cloudtrail.js';
import { parsePrincipalArn } from '../../../emulators/route53/identity.js';
import type { ControlPlaneChange } from '../../../lambda/domain/route53/control-plane-change.js';
import {
  currentVersion,
  emptyHistory,
  type RecordSetHistory,
} from '../../../lambda/domain/route53/history.js';
import { evaluateChange } from '../../../lambda/domain/route53/race-signature.js';
import { recordSetId } from '../../../lambda/domain/route53/record-set.js';
import type { Signal } from '../../../lambda/domain/signals.js';
import {
  parseCloudTrailChange,
  parseSubmittedAt,
} from '../../../lambda/sources/route53/cloudtrail-changes.js';
import { InvalidEventError } from '../../../lambda/sources/route53/errors.js';
import { readReplayInput } from '../../../lambda/sources/route53/replay-input.js';

const DIR = new URL('../../events/cloudtrail/', import.meta.url);
const text = (name: string) => readFileSync(new URL(name, DIR), 'utf8');
const fixture = (name: string): Record<string, unknown> => JSON.parse(text(name));

// biome-ignore lint/suspicious/noExplicitAny: malformed variants edit fixtures deep inside, by path
type EditableEvent = any;

/** A fresh copy of a fixture with one edit applied to it. */
function variant(name: string, edit: (event: EditableEvent) => void): unknown {
  const event = fixture(name);
  edit(event);
  return event;
}

function failure(input: unknown): InvalidEventError {
  try {
    parseCloudTrailChange(input);
  } catch (error) {
    if (error instanceof InvalidEventError) return error;
    throw error;
  }
  throw new Error('expected parseCloudTrailChange to throw');
}

const ENACTOR = 'arn:aws:sts::111122223333:assumed-role/dns-enactor';

describe('Function: parseCloudTrailChange', () => {
  it('reads an UPSERT by an assumed-role session into one attributed, normalised change', () => {
    // Prepare
    const event = fixture('upsert-assumed-role.eventbridge.json');

    // Act
    const changes = parseCloudTrailChange(event);

    // Assess
    expect(changes).toEqual<ControlPlaneChange[]>([
      {
        id: '3f9a6c2e-8b41-4d07-a5e3-1c2d3e4f5a6b#0',
        source: 'cloudtrail',
        at: '2025-10-20T06:30:12.000Z',
        action: 'UPSERT',
        recordSet: {
          key: { zoneId: 'Z0DYNAMODBZONE', name: 'api.example.com', type: 'A' },
          ttl: 60,
          values: ['192.0.2.17', '192.0.2.30', '192.0.2.4'],
        },
        writer: {
          principalArn: `${ENACTOR}/enactor-2`,
          roleName: 'dns-enactor',
          sessionName: 'enactor-2',
          sourceIp: '10.20.3.41',
          userAgent: expect.stringContaining('aws-sdk-js/3.1169.0'),
        },
        requestId: '9d0c1b2a-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
        changeId: 'C0482317HWAEXAMPLE01',
        comment: 'plan 1038',
      },
    ]);
  });

  it('reads a DELETE(current)+CREATE(new) batch as two changes in batch order sharing one request', () => {
    // Act
    const changes = parseCloudTrailChange(fixture('delete-create-batch.eventbridge.json'));

    // Assess
    expect(changes.map((c) => [c.id, c.action, c.recordSet.ttl, c.recordSet.values])).toEqual([
      ['b52e17f0-6a9d-4c3e-8f21-d4c3b2a1f0e9#0', 'DELETE', 300, ['old-lb.example.net']],
      ['b52e17f0-6a9d-4c3e-8f21-d4c3b2a1f0e9#1', 'CREATE', 60, ['new-lb.example.net']],
    ]);
    expect(new Set(changes.map((c) => c.requestId))).toEqual(
      new Set(['5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d']),
    );
    expect(changes.every((c) => c.changeId === 'C2682N5HXP0BZ4')).toBe(true);
    // "Jun 19, 2024, 8:15:28 PM" (comma after the year) is 20:15:28 UTC.
    expect(changes[0]?.at).toBe('2024-06-19T20:15:28.000Z');
    expect(changes[0]?.recordSet.key).toEqual({
      zoneId: 'Z0EXAMPLE12345',
      name: 'www.example.com',
      type: 'CNAME',
    });
    expect(changes[0]?.writer).toMatchObject({
      principalArn: 'arn:aws:iam::111122223333:user/alice',
      roleName: 'alice',
      sourceIp: '198.51.100.23',
    });
    expect(changes[0]?.writer.sessionName).toBeUndefined();
  });

  it('still returns the changes of a failed call, flagged with errorCode and timed by eventTime', () => {
    // Act
    const [change, ...rest] = parseCloudTrailChange(fixture('failed-invalid-change-batch.eventbridge.json'));

    // Assess
    expect(rest).toEqual([]);
    expect(change).toMatchObject({
      id: 'e8d7c6b5-a493-4821-9f0e-d1c2b3a49586#0',
      action: 'DELETE',
      errorCode: 'InvalidChangeBatch',
      at: '2025-10-20T06:52:03.000Z',
      comment: 'cleanup: delete stale plan 1041',
      writer: { sessionName: 'enactor-3', roleName: 'dns-enactor' },
    });
    expect(change?.changeId).toBeUndefined();
  });

  it('carries weighted members with their set identifiers, a weight of 0 and a health check', () => {
    // Act
    const changes = parseCloudTrailChange(fixture('weighted-records.eventbridge.json'));

    // Assess
    expect(changes.map((c) => c.recordSet)).toEqual([
      {
        key: { zoneId: 'Z0EXAMPLE12345', name: 'app.example.com', type: 'A', setIdentifier: 'blue' },
        ttl: 60,
        values: ['192.0.2.10'],
        weight: 0,
        healthCheckId: 'abcdef11-2222-3333-4444-555555fedcba',
      },
      {
        key: { zoneId: 'Z0EXAMPLE12345', name: 'app.example.com', type: 'A', setIdentifier: 'green' },
        ttl: 60,
        values: ['192.0.2.20'],
        weight: 100,
      },
    ]);
    expect(changes[0]?.at).toBe('2025-09-02T14:05:09.000Z');
    expect(changes[0]?.writer).toMatchObject({ roleName: 'release-pipeline', sessionName: 'codebuild-7f3e' });
  });

  it('reads alias records (dNSName, no TTL, no values) with failover and latency routing', () => {
    // Act
    const changes = parseCloudTrailChange(fixture('alias-record.eventbridge.json'));

    // Assess
    expect(changes.map((c) => c.recordSet)).toEqual([
      {
        key: { zoneId: 'Z0EXAMPLE12345', name: 'shop.example.com', type: 'A', setIdentifier: 'primary' },
        values: [],
        alias: {
          dnsName: 'dualstack.shop-alb-1234567890.us-east-1.elb.amazonaws.com',
          hostedZoneId: 'Z35SXDOTRQ7X7K',
          evaluateTargetHealth: true,
        },
        failover: 'PRIMARY',
      },
      {
        key: { zoneId: 'Z0EXAMPLE12345', name: 'api.example.com', type: 'AAAA', setIdentifier: 'usw2' },
        values: [],
        alias: {
          dnsName: 'dualstack.api-alb-987654321.us-west-2.elb.amazonaws.com',
          hostedZoneId: 'Z1H1FL5HABSF5',
          evaluateTargetHealth: false,
        },
        region: 'us-west-2',
      },
    ]);
    expect(changes[0]?.writer).toMatchObject({
      principalArn: 'arn:aws:sts::111122223333:assumed-role/cfn-exec-role/AWSCloudFormation',
      sourceIp: 'cloudformation.amazonaws.com',
    });
    expect(changes[0]?.comment).toBeUndefined();
  });

  it('reads the Route 53 records of a CloudTrail log file, attributing Root and IAM users', () => {
    // Prepare
    const { events } = readReplayInput(text('cloudtrail-log-file.json'));

    // Act
    const changes = events.flatMap((e) => parseCloudTrailChange(e));

    // Assess
    expect(
      changes.map((c) => [c.writer.principalArn, c.recordSet.key.type, c.recordSet.values, c.at]),
    ).toEqual([
      [
        'arn:aws:iam::111122223333:root',
        'MX',
        ['10 mx1.example.com', '20 mx2.example.com'],
        '2025-03-02T09:14:40.000Z',
      ],
      [
        'arn:aws:iam::111122223333:user/alice',
        'TXT',
        ['"v=spf1 include:_spf.example.net ~all"'],
        '2025-03-02T09:16:21.314Z',
      ],
    ]);
    expect(changes[0]?.writer.roleName).toBeUndefined();
    expect(changes[1]?.recordSet.key.name).toBe('example.com');
  });

  it('gives a bare CloudTrail record and its EventBridge event the same changes (idempotent ids)', () => {
    // Prepare
    const event = fixture('upsert-assumed-role.eventbridge.json');

    // Act
    const fromEvent = parseCloudTrailChange(event);
    const fromRecord = parseCloudTrailChange(event.detail);
    const again = parseCloudTrailChange(JSON.parse(JSON.stringify(event)));

    // Assess
    expect(fromRecord).toEqual(fromEvent);
    expect(again).toEqual(fromEvent);
  });

  it('reads the October-2025 race: two sessions of one role are two writers, and the record ends empty', () => {
    // Prepare
    const { events } = readReplayInput(text('race.ndjson'));
    const good = events.slice(0, -1);

    // Act
    const changes = good.flatMap((e) => parseCloudTrailChange(e));
    const malformed = failure(events.at(-1));

    // Assess
    expect(changes.map((c) => `${c.writer.sessionName} ${c.action} ${c.recordSet.key.type}`)).toEqual([
      'planner UPSERT TXT',
      'enactor-1 UPSERT A',
      'planner UPSERT TXT',
      'enactor-1 UPSERT A',
      'enactor-3 UPSERT A',
      'enactor-1 DELETE A',
    ]);
    const enactors = changes.filter((c) => c.writer.roleName === 'dns-enactor');
    expect(new Set(enactors.map((c) => c.writer.principalArn))).toEqual(
      new Set([`${ENACTOR}/enactor-1`, `${ENACTOR}/enactor-3`]),
    );
    expect(malformed.code).toBe('INVALID_EVENT');
    expect(malformed.eventId).toBe('0c7a1e20-2025-4020-9a00-000000000007');
    expect(malformed.message).toContain('detail.requestParameters.changeBatch.changes.0.action');

    // The parsed changes read, through the race signature, as a stale overwrite that ends empty.
    const record = changes.filter((c) => c.recordSet.key.type === 'A');
    let history: RecordSetHistory = emptyHistory(record[0]?.recordSet.key as never);
    const signals: Signal[] = [];
    for (const c of record) {
      const result = evaluateChange(history, c);
      history = result.history;
      signals.push(...result.signals);
    }
    expect(history.id).toBe(
      recordSetId({ zoneId: 'Z0DYNAMODBZONE', name: 'dynamodb.us-east-1.amazonaws.com', type: 'A' }),
    );
    expect(
      signals.filter((s) => s.kind === 'STALE_OVERWRITE').map((s) => s.changes?.[0]?.writer.sessionName),
    ).toEqual(['enactor-3']);
    expect(currentVersion(history)?.hash).toBe('ABSENT');
  });
});

describe('Function: parseCloudTrailChange (events of the Route 53 emulator in emulators/route53)', () => {
  it('reads a successful call the fake records, with its writer and submittedAt', () => {
    // Prepare
    const at = new Date('2025-10-20T06:48:26.512Z');
    const event = cloudTrailEvent({
      eventName: 'ChangeResourceRecordSets',
      identity: parsePrincipalArn(`${ENACTOR}/enactor-3`, 'ASIAEXAMPLEENACTOR3'),
      at,
      requestId: 'req-fake-1',
      sourceIp: '127.0.0.1',
      userAgent: 'aws-sdk-js/3.1169.0',
      hostedZoneId: 'Z0DYNAMODBZONE',
      changeBatch: {
        Comment: 'apply plan 1041',
        Changes: [
          {
            Action: 'UPSERT',
            ResourceRecordSet: {
              Name: 'dynamodb.us-east-1.amazonaws.com.',
              Type: 'A',
              TTL: 5,
              ResourceRecords: [{ Value: '198.51.100.11' }, { Value: '198.51.100.10' }],
            },
          },
          {
            Action: 'CREATE',
            ResourceRecordSet: {
              Name: 'app.example.com.',
              Type: 'A',
              SetIdentifier: 'blue',
              Weight: 0,
              AliasTarget: {
                HostedZoneId: 'Z35SXDOTRQ7X7K',
                DNSName: 'lb.example.net.',
                EvaluateTargetHealth: false,
              },
            },
          },
        ],
      },
      changeInfo: { id: '/change/C0FAKE01', status: 'PENDING', submittedAt: at },
    });

    // Act
    const changes = parseCloudTrailChange(event);

    // Assess
    expect(changes).toHaveLength(2);
    expect(changes[0]).toMatchObject({
      id: `${event.detail.eventID}#0`,
      at: '2025-10-20T06:48:26.000Z',
      changeId: 'C0FAKE01',
      requestId: 'req-fake-1',
      comment: 'apply plan 1041',
      recordSet: { ttl: 5, values: ['198.51.100.10', '198.51.100.11'] },
      writer: { principalArn: `${ENACTOR}/enactor-3`, roleName: 'dns-enactor', sessionName: 'enactor-3' },
    });
    expect(changes[1]?.recordSet).toMatchObject({
      key: { setIdentifier: 'blue' },
      weight: 0,
      alias: { dnsName: 'lb.example.net', hostedZoneId: 'Z35SXDOTRQ7X7K', evaluateTargetHealth: false },
    });
  });

  it('reads a call the fake refused as InvalidInput, whatever its content, as a flagged change', () => {
    // Prepare
    const event = cloudTrailEvent({
      eventName: 'ChangeResourceRecordSets',
      identity: parsePrincipalArn('arn:aws:iam::111122223333:root', 'AKIAEXAMPLEROOT'),
      at: new Date('2025-10-20T07:00:00Z'),
      requestId: 'req-fake-2',
      sourceIp: '127.0.0.1',
      userAgent: 'aws-cli/2',
      hostedZoneId: '/hostedzone/Z0DYNAMODBZONE',
      changeBatch: {
        Changes: [{ Action: 'DELETE', ResourceRecordSet: { Name: 'a.example.com.', Type: 'A' } }],
      },
      error: { code: 'InvalidInput', message: 'Invalid request: Expected exactly one of [AliasTarget, ...]' },
    });

    // Act
    const [change] = parseCloudTrailChange(event);

    // Assess
    expect(change).toMatchObject({
      errorCode: 'InvalidInput',
      at: '2025-10-20T07:00:00.000Z',
      recordSet: { key: { zoneId: 'Z0DYNAMODBZONE', name: 'a.example.com', type: 'A' }, values: [] },
      writer: { principalArn: 'arn:aws:iam::111122223333:root' },
    });
  });
});

describe('Function: parseCloudTrailChange (malformed events)', () => {
  const UPSERT = 'upsert-assumed-role.eventbridge.json';
  const ALIAS = 'alias-record.eventbridge.json';
  const rrset = 'detail.requestParameters.changeBatch.changes.0.resourceRecordSet';
  const cases: [string, string, (e: EditableEvent) => void, string][] = [
    [
      'an unknown change action',
      UPSERT,
      (e) => {
        e.detail.requestParameters.changeBatch.changes[0].action = 'REPLACE';
      },
      'detail.requestParameters.changeBatch.changes.0.action: Invalid option',
    ],
    [
      'an unknown record type',
      UPSERT,
      (e) => {
        e.detail.requestParameters.changeBatch.changes[0].resourceRecordSet.type = 'A6';
      },
      `${rrset}.type: Invalid option`,
    ],
    [
      'a TTL given as a string',
      UPSERT,
      (e) => {
        e.detail.requestParameters.changeBatch.changes[0].resourceRecordSet.tTL = '60';
      },
      `${rrset}.tTL:`,
    ],
    [
      'a TTL spelled "ttl" instead of CloudTrail\'s "tTL"',
      UPSERT,
      (e) => {
        const r = e.detail.requestParameters.changeBatch.changes[0].resourceRecordSet;
        r.ttl = r.tTL;
        delete r.tTL;
      },
      `${rrset}.ttl: CloudTrail spells the TTL "tTL"`,
    ],
    [
      'a weight above 255',
      'weighted-records.eventbridge.json',
      (e) => {
        e.detail.requestParameters.changeBatch.changes[1].resourceRecordSet.weight = 256;
      },
      'detail.requestParameters.changeBatch.changes.1.resourceRecordSet.weight:',
    ],
    [
      'an unknown failover role',
      ALIAS,
      (e) => {
        e.detail.requestParameters.changeBatch.changes[0].resourceRecordSet.failover = 'TERTIARY';
      },
      `${rrset}.failover: Invalid option`,
    ],
    [
      'an alias without evaluateTargetHealth',
      ALIAS,
      (e) => {
        delete e.detail.requestParameters.changeBatch.changes[0].resourceRecordSet.aliasTarget
          .evaluateTargetHealth;
      },
      `${rrset}.aliasTarget.evaluateTargetHealth:`,
    ],
    [
      'both values and an alias',
      ALIAS,
      (e) => {
        e.detail.requestParameters.changeBatch.changes[0].resourceRecordSet.resourceRecords = [
          { value: '192.0.2.1' },
        ];
        e.detail.requestParameters.changeBatch.changes[0].resourceRecordSet.tTL = 60;
      },
      `${rrset}.aliasTarget: an alias record carries no resourceRecords`,
    ],
    [
      'neither values nor an alias',
      UPSERT,
      (e) => {
        delete e.detail.requestParameters.changeBatch.changes[0].resourceRecordSet.resourceRecords;
      },
      `${rrset}.resourceRecords: expected resourceRecords or aliasTarget`,
    ],
    [
      'no hosted zone id',
      UPSERT,
      (e) => {
        delete e.detail.requestParameters.hostedZoneId;
      },
      'detail.requestParameters.hostedZoneId:',
    ],
    [
      'an empty change batch',
      UPSERT,
      (e) => {
        e.detail.requestParameters.changeBatch.changes = [];
      },
      'detail.requestParameters.changeBatch.changes:',
    ],
    [
      'an eventTime that is not ISO 8601',
      UPSERT,
      (e) => {
        e.detail.eventTime = 'Oct 20, 2025 6:30:12 AM';
      },
      'detail.eventTime:',
    ],
    [
      'an assumed role without its session ARN',
      UPSERT,
      (e) => {
        e.detail.userIdentity.arn = 'arn:aws:iam::111122223333:role/dns-enactor';
      },
      'detail.userIdentity.arn: expected an assumed-role session ARN',
    ],
    [
      'a successful call without responseElements',
      UPSERT,
      (e) => {
        e.detail.responseElements = null;
      },
      'detail.responseElements: a successful call carries responseElements.changeInfo',
    ],
    [
      'an unknown change status',
      UPSERT,
      (e) => {
        e.detail.responseElements.changeInfo.status = 'DONE';
      },
      'detail.responseElements.changeInfo.status: Invalid option',
    ],
    [
      'an account that is not 12 digits',
      UPSERT,
      (e) => {
        e.account = 'acme';
      },
      'account: expected a 12-digit account id',
    ],
  ];

  it.each(cases)('rejects %s, naming the field and the event', (_what, name, edit, expected) => {
    // Act
    const error = failure(variant(name, edit));

    // Assess
    expect(error.code).toBe('INVALID_EVENT');
    expect(error.message).toContain(expected);
    expect(error.eventId).toBe((fixture(name).detail as { eventID: string }).eventID);
    expect(error.message).toContain(error.eventId as string);
  });

  it('rejects an event without eventID, naming the field', () => {
    const error = failure(
      variant(UPSERT, (e) => {
        delete e.detail.eventID;
      }),
    );
    expect(error.code).toBe('INVALID_EVENT');
    expect(error.message).toContain('detail.eventID:');
    // The EventBridge id still identifies the event.
    expect(error.eventId).toBe('7e2f0c4a-3b1d-4e8a-9c55-0a1b2c3d4e5f');
  });

  it.each([
    [null, 'got null'],
    [[], 'got an array'],
    ['{}', 'got string'],
  ])('rejects %j as not an event object', (input, expected) => {
    const error = failure(input);
    expect(error.code).toBe('INVALID_EVENT');
    expect(error.message).toContain(expected);
  });

  it('reports another API call or service as unsupported, naming the field', () => {
    const otherCall = failure(
      variant(UPSERT, (e) => {
        e.detail.eventName = 'ListHostedZones';
      }),
    );
    const otherService = failure(
      variant(UPSERT, (e) => {
        e.source = 'aws.ec2';
        e.detail.eventSource = 'ec2.amazonaws.com';
      }),
    );
    expect(otherCall.code).toBe('UNSUPPORTED_EVENT');
    expect(otherCall.message).toContain(
      'detail.eventName: expected ChangeResourceRecordSets, got ListHostedZones',
    );
    expect(otherService.code).toBe('UNSUPPORTED_EVENT');
    expect(otherService.message).toContain('source: expected aws.route53, got aws.ec2');
    expect(otherService.message).toContain('detail.eventSource: expected route53.amazonaws.com');
  });
});

describe('Function: parseCloudTrailChange (CloudTrail quirks)', () => {
  it('reads the hosted zone id with or without the /hostedzone/ prefix', () => {
    const prefixed = parseCloudTrailChange(fixture('upsert-assumed-role.eventbridge.json'));
    const bare = parseCloudTrailChange(
      variant('upsert-assumed-role.eventbridge.json', (e) => {
        e.detail.requestParameters.hostedZoneId = 'Z0DYNAMODBZONE';
      }),
    );
    expect(prefixed[0]?.recordSet.key.zoneId).toBe('Z0DYNAMODBZONE');
    expect(bare).toEqual(prefixed);
  });

  it("reads an alias written with the API's capitalised field names", () => {
    const changes = parseCloudTrailChange(
      variant('alias-record.eventbridge.json', (e) => {
        e.detail.requestParameters.changeBatch.changes[0].resourceRecordSet.aliasTarget = {
          HostedZoneId: 'Z35SXDOTRQ7X7K',
          DNSName: 'dualstack.shop-alb-1234567890.us-east-1.elb.amazonaws.com.',
          EvaluateTargetHealth: true,
        };
      }),
    );
    expect(changes[0]?.recordSet.alias).toEqual({
      dnsName: 'dualstack.shop-alb-1234567890.us-east-1.elb.amazonaws.com',
      hostedZoneId: 'Z35SXDOTRQ7X7K',
      evaluateTargetHealth: true,
    });
  });

  it('decodes an escaped wildcard name and falls back to eventTime for an unknown submittedAt format', () => {
    const changes = parseCloudTrailChange(
      variant('upsert-assumed-role.eventbridge.json', (e) => {
        e.detail.requestParameters.changeBatch.changes[0].resourceRecordSet.name = '\\052.Example.com.';
        e.detail.responseElements.changeInfo.submittedAt = '20/10/2025 06:30';
        e.detail.eventTime = '2025-10-20T06:30:11Z';
      }),
    );
    expect(changes[0]?.recordSet.key.name).toBe('*.example.com');
    expect(changes[0]?.at).toBe('2025-10-20T06:30:11.000Z');
  });

  it.each([
    ['Jan 16, 2018 12:41:43 AM', '2018-01-16T00:41:43.000Z'],
    ['Jan 2, 2020 7:50:51 PM', '2020-01-02T19:50:51.000Z'],
    ['Jun 19, 2024, 8:15:28 PM', '2024-06-19T20:15:28.000Z'],
    ['Jun 19, 2024, 8:15:28\u202fPM', '2024-06-19T20:15:28.000Z'],
    ['Dec 31, 2025 12:00:00 PM', '2025-12-31T12:00:00.000Z'],
    ['2025-10-20T06:48:05Z', '2025-10-20T06:48:05.000Z'],
    ['2025-10-20T06:48:05.123+00:00', '2025-10-20T06:48:05.123Z'],
  ])('reads submittedAt %j as %s (UTC)', (input, expected) => {
    expect(parseSubmittedAt(input)).toBe(expected);
  });

  it.each(['Feb 30, 2025 1:00:00 AM', 'Jan 16, 2018 13:41:43 PM', 'Foo 1, 2025 1:00:00 AM', 'yesterday', ''])(
    'refuses submittedAt %j',
    (input) => {
      expect(parseSubmittedAt(input)).toBeUndefined();
    },
  );
});
