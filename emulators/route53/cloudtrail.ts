import { randomUUID } from 'node:crypto';
import type { ChangeBatch } from '@aws-sdk/client-route-53';
import type { CallerIdentity } from './identity.js';

/**
 * A CloudTrail management event for a Route 53 API call as EventBridge delivers it (default bus,
 * us-east-1). Shape follows the Route 53 Developer Guide's log-file examples ("Understanding
 * Route 53 log file entries") and CloudTrail's userIdentity reference:
 * - request members are the API's names with only the first letter lowered (`TTL` → `tTL`,
 *   `DNSName` → `dNSName`);
 * - `responseElements.changeInfo.submittedAt` is not ISO: "Jan 16, 2015 12:41:43 AM" (UTC);
 * - `additionalEventData.Note` is always "Do not use to reconstruct hosted zone";
 * - a failed call has `errorCode`/`errorMessage` and `responseElements: null`.
 */
export interface CloudTrailEventBridgeEvent {
  version: '0';
  id: string;
  'detail-type': 'AWS API Call via CloudTrail';
  source: 'aws.route53';
  account: string;
  time: string;
  region: 'us-east-1';
  resources: [];
  detail: CloudTrailDetail;
}

export interface CloudTrailDetail {
  eventVersion: string;
  userIdentity: Record<string, unknown>;
  eventTime: string;
  eventSource: 'route53.amazonaws.com';
  eventName: string;
  awsRegion: 'us-east-1';
  sourceIPAddress: string;
  userAgent: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  errorCode?: string;
  errorMessage?: string;
  additionalEventData: { Note: string };
  requestID: string;
  eventID: string;
  readOnly: boolean;
  eventType: 'AwsApiCall';
  apiVersion: '2013-04-01';
  managementEvent: true;
  recipientAccountId: string;
  eventCategory: 'Management';
  tlsDetails: { tlsVersion: string; cipherSuite: string; clientProvidedHostHeader: string };
}

export type SubmittedAtStyle = 'jdk8' | 'cldr';

export interface ApiCallRecord {
  eventName: string;
  identity: CallerIdentity;
  at: Date;
  requestId: string;
  sourceIp: string;
  userAgent: string;
  hostedZoneId: string;
  changeBatch: ChangeBatch | undefined;
  changeInfo?: { id: string; status: string; submittedAt: Date; comment?: string };
  error?: { code: string; message: string };
  submittedAtStyle?: SubmittedAtStyle;
}

export function cloudTrailEvent(call: ApiCallRecord): CloudTrailEventBridgeEvent {
  const time = isoSeconds(call.at);
  const requestParameters = call.changeBatch
    ? { hostedZoneId: call.hostedZoneId, changeBatch: cloudTrailKeys(call.changeBatch) }
    : { hostedZoneId: call.hostedZoneId };
  const detail: CloudTrailDetail = {
    eventVersion: '1.11',
    userIdentity: userIdentity(call.identity),
    eventTime: time,
    eventSource: 'route53.amazonaws.com',
    eventName: call.eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: call.sourceIp,
    userAgent: call.userAgent,
    requestParameters,
    responseElements: call.changeInfo
      ? {
          changeInfo: {
            id: call.changeInfo.id,
            status: call.changeInfo.status,
            submittedAt: javaMediumDate(call.changeInfo.submittedAt, call.submittedAtStyle),
            ...(call.changeInfo.comment === undefined ? {} : { comment: call.changeInfo.comment }),
          },
        }
      : null,
    additionalEventData: { Note: 'Do not use to reconstruct hosted zone' },
    requestID: call.requestId,
    eventID: randomUUID(),
    readOnly: false,
    eventType: 'AwsApiCall',
    apiVersion: '2013-04-01',
    managementEvent: true,
    recipientAccountId: call.identity.accountId,
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: 'route53.amazonaws.com',
    },
  };
  if (call.error) {
    detail.errorCode = call.error.code;
    detail.errorMessage = call.error.message;
  }
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.route53',
    account: call.identity.accountId,
    time,
    region: 'us-east-1',
    resources: [],
    detail,
  };
}

function userIdentity(identity: CallerIdentity): Record<string, unknown> {
  const common = {
    type: identity.type,
    principalId: identity.principalId,
    arn: identity.arn,
    accountId: identity.accountId,
    accessKeyId: identity.accessKeyId,
  };
  if (identity.type !== 'AssumedRole') {
    return identity.userName === undefined ? common : { ...common, userName: identity.userName };
  }
  return {
    ...common,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: identity.roleId,
        arn: identity.roleArn,
        accountId: identity.accountId,
        userName: identity.roleName,
      },
      webIdFederationData: {},
      attributes: { creationDate: isoSeconds(identity.createdAt), mfaAuthenticated: 'false' },
    },
  };
}

/** `2025-10-20T06:48:26Z`: CloudTrail's eventTime has no milliseconds. */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Java's medium en-US date-time in UTC, as CloudTrail writes `submittedAt`. `jdk8` is the form in
 * the Route 53 Developer Guide's examples ("Jan 16, 2015 12:41:43 AM"); `cldr` is what newer JDKs
 * print ("Jan 16, 2015, 12:41:43 AM"), in case CloudTrail's runtime moved — consumers should take both.
 */
export function javaMediumDate(date: Date, style: SubmittedAtStyle = 'jdk8'): string {
  const hours = date.getUTCHours();
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  const pad = (value: number) => String(value).padStart(2, '0');
  const separator = style === 'cldr' ? ', ' : ' ';
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}${separator}${hour12}:${pad(
    date.getUTCMinutes(),
  )}:${pad(date.getUTCSeconds())} ${hours < 12 ? 'AM' : 'PM'}`;
}

/** API member names → CloudTrail's: first letter lowered, the rest untouched; undefined dropped. */
export function cloudTrailKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloudTrailKeys);
  if (value === null || typeof value !== 'object') return value;
  const output: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined) continue;
    output[key.charAt(0).toLowerCase() + key.slice(1)] = cloudTrailKeys(member);
  }
  return output;
}
