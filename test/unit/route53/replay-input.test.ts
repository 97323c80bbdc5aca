import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseCloudTrailChange } from '../../../lambda/sources/route53/cloudtrail-changes.js';
import { InvalidReplayInputError } from '../../../lambda/sources/route53/errors.js';
import { readReplayInput, wrapRecord } from '../../../lambda/sources/route53/replay-input.js';

const DIR = new URL('../../events/cloudtrail/', import.meta.url);
const text = (name: string) => readFileSync(new URL(name, DIR), 'utf8');

function failure(input: string | Uint8Array): InvalidReplayInputError {
  try {
    readReplayInput(input);
  } catch (error) {
    if (error instanceof InvalidReplayInputError) return error;
    throw error;
  }
  throw new Error('expected readReplayInput to throw');
}

describe('Function: readReplayInput', () => {
  it('reads one EventBridge event', () => {
    // Act
    const input = readReplayInput(text('upsert-assumed-role.eventbridge.json'));

    // Assess
    expect(input.format).toBe('eventbridge');
    expect(input.events).toEqual([JSON.parse(text('upsert-assumed-role.eventbridge.json'))]);
    expect(input.skipped).toEqual([]);
  });

  it('reads a JSON array of events', () => {
    // Prepare
    const names = ['upsert-assumed-role.eventbridge.json', 'delete-create-batch.eventbridge.json'];
    const array = `[\n${names.map(text).join(',\n')}]`;

    // Act
    const input = readReplayInput(array);

    // Assess
    expect(input.format).toBe('eventbridge-array');
    expect(input.events.flatMap((e) => parseCloudTrailChange(e)).map((c) => c.action)).toEqual([
      'UPSERT',
      'DELETE',
      'CREATE',
    ]);
  });

  it('reads NDJSON, one event a line, in order (the malformed event included, for the parser to reject)', () => {
    // Act
    const input = readReplayInput(text('race.ndjson'));

    // Assess
    expect(input.format).toBe('ndjson');
    expect(input.events).toHaveLength(7);
    expect(input.events.map((e) => (e as { time: string }).time)).toEqual([
      '2025-10-20T06:44:10Z',
      '2025-10-20T06:44:25Z',
      '2025-10-20T06:46:00Z',
      '2025-10-20T06:46:20Z',
      '2025-10-20T06:47:40Z',
      '2025-10-20T06:48:05Z',
      '2025-10-20T06:48:30Z',
    ]);
  });

  it('reads a CloudTrail log file: wraps Route 53 records in EventBridge envelopes and reports the rest', () => {
    // Act
    const input = readReplayInput(text('cloudtrail-log-file.json'));

    // Assess
    expect(input.format).toBe('cloudtrail-log');
    expect(input.events).toHaveLength(2);
    expect(input.events[0]).toMatchObject({
      version: '0',
      id: '0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.route53',
      account: '111122223333',
      time: '2025-03-02T09:14:40Z',
      region: 'us-east-1',
      resources: [],
      detail: { eventID: '0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d' },
    });
    expect(input.skipped).toEqual([
      {
        at: 'record 1',
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        reason: 'ec2.amazonaws.com is not Route 53',
      },
    ]);
  });

  it('reads a gzip-compressed CloudTrail log file given as bytes, as S3 stores it', () => {
    // Prepare
    const plain = text('cloudtrail-log-file.json');

    // Act
    const fromGzip = readReplayInput(gzipSync(Buffer.from(plain)));
    const fromBytes = readReplayInput(Buffer.from(plain));

    // Assess
    expect(fromGzip).toEqual(readReplayInput(plain));
    expect(fromBytes).toEqual(readReplayInput(plain));
  });

  it('reports a Route 53 call other than ChangeResourceRecordSets as skipped', () => {
    // Prepare
    const log = JSON.parse(text('cloudtrail-log-file.json'));
    log.Records[2].eventName = 'ListHostedZones';

    // Act
    const input = readReplayInput(JSON.stringify(log));

    // Assess
    expect(input.events).toHaveLength(1);
    expect(input.skipped.map((s) => [s.at, s.reason])).toEqual([
      ['record 1', 'ec2.amazonaws.com is not Route 53'],
      ['record 2', 'ListHostedZones is not ChangeResourceRecordSets'],
    ]);
  });

  it('ignores blank lines and CRLF endings in NDJSON', () => {
    // Prepare
    const lines = text('race.ndjson').trim().split('\n');
    const crlf = `${lines[0]}\r\n\r\n${lines[1]}\r\n`;

    // Act
    const input = readReplayInput(crlf);

    // Assess
    expect(input.format).toBe('ndjson');
    expect(input.events).toHaveLength(2);
  });

  it('names the line of a bad NDJSON line, counting blank lines', () => {
    // Prepare
    const lines = text('race.ndjson').trim().split('\n');
    const broken = [lines[0], '', lines[1]?.slice(0, 40), lines[2]].join('\n');

    // Act
    const error = failure(broken);

    // Assess
    expect(error.code).toBe('INVALID_REPLAY_INPUT');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^line 3: not valid JSON/);
  });

  it('names the line of an NDJSON line that is not an object', () => {
    const lines = text('race.ndjson').trim().split('\n');
    const error = failure([lines[0], '[1, 2]'].join('\n'));
    expect(error.line).toBe(2);
    expect(error.message).toBe('line 2: expected one JSON object per line, got an array');
  });

  it('names the line of the error in a pretty-printed document that is not valid JSON', () => {
    // Prepare
    const broken = text('upsert-assumed-role.eventbridge.json').replace(
      '"region": "us-east-1",',
      '"region": "us-east-1"',
    );

    // Act
    const error = failure(`\n${broken}`);

    // Assess
    const expectedLine = `\n${broken}`.split('\n').findIndex((l) => l.includes('"resources"')) + 1;
    expect(error.line).toBe(expectedLine);
    expect(error.message).toMatch(new RegExp(`^line ${expectedLine}: not valid JSON`));
  });

  it.each([
    ['', 'replay input is empty'],
    ['   \n', 'replay input is empty'],
    ['hello', 'line 1: expected JSON'],
    ['{"Records": {}}', 'Records: expected an array of CloudTrail records'],
  ])('refuses %j', (input, expected) => {
    expect(failure(input).message).toContain(expected);
  });
});

describe('Function: wrapRecord', () => {
  it('derives the EventBridge source and account from the record', () => {
    const envelope = wrapRecord({
      eventSource: 'route53.amazonaws.com',
      eventID: 'e1',
      eventTime: '2025-10-20T06:48:05Z',
      awsRegion: 'us-east-1',
      userIdentity: { accountId: '444455556666' },
    });
    expect(envelope).toMatchObject({
      source: 'aws.route53',
      account: '444455556666',
      id: 'e1',
      resources: [],
    });
  });
});
