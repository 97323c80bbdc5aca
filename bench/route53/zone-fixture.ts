// Zone fixture (the 100,000 seeded record sets) and the changes made between the two snapshots.
import type { Change, ResourceRecordSet } from '@aws-sdk/client-route-53';
import { MIX, ZONE } from './constants.js';

const pad = (i: number, n = 6) => String(i).padStart(n, '0');
const host = (i: number) => `host-${pad(i)}.${ZONE}`;
const ipOf = (i: number, salt = 0) => `10.${(i >> 16) + salt}.${(i >> 8) & 255}.${i & 255}`;

function simpleA(i: number): ResourceRecordSet {
  return { Name: host(i), Type: 'A', TTL: 300, ResourceRecords: [{ Value: ipOf(i) }] };
}
function weightedA(group: number, member: number, weight = 10 * (member + 1)): ResourceRecordSet {
  return {
    Name: `w-${pad(group, 4)}.${ZONE}`,
    Type: 'A',
    SetIdentifier: `m${member}`,
    Weight: weight,
    TTL: 60,
    ResourceRecords: [{ Value: `10.200.${group & 255}.${member}` }],
  };
}
function txt(i: number, version = 1): ResourceRecordSet {
  return {
    Name: `txt-${pad(i, 4)}.${ZONE}`,
    Type: 'TXT',
    TTL: 300,
    ResourceRecords: [{ Value: `"bench-verification=${i}-v${version}"` }],
  };
}
function cname(i: number, target = i): ResourceRecordSet {
  return {
    Name: `cname-${pad(i, 4)}.${ZONE}`,
    Type: 'CNAME',
    TTL: 300,
    ResourceRecords: [{ Value: host(target) }],
  };
}
function alias(zoneId: string, i: number): ResourceRecordSet {
  return {
    Name: `alias-${pad(i, 4)}.${ZONE}`,
    Type: 'A',
    AliasTarget: { HostedZoneId: zoneId, DNSName: `${host(i)}.`, EvaluateTargetHealth: false },
  };
}

export function zoneFixture(zoneId: string): ResourceRecordSet[] {
  const sets: ResourceRecordSet[] = [];
  for (let i = 0; i < MIX.simpleA; i++) sets.push(simpleA(i));
  for (let g = 0; g < MIX.weightedNames; g++)
    for (let m = 0; m < MIX.weightedMembers; m++) sets.push(weightedA(g, m));
  for (let i = 0; i < MIX.txt; i++) sets.push(txt(i));
  for (let i = 0; i < MIX.cname; i++) sets.push(cname(i));
  for (let i = 0; i < MIX.alias; i++) sets.push(alias(zoneId, i));
  return sets;
}

/**
 * 100 record sets change: 50 A + 10 TXT + 5 CNAME updated, 25 A + 2 CNAME + 3 alias deleted, and one
 * weighted group (5 members) drained to weight 0. Deleted and updated hosts are ≥ 2,000 so no alias or
 * CNAME in the fixture points at them.
 */
export function plannedChanges(zoneId: string): {
  batches: Change[][];
  changed: number;
  deleted: number;
  emptied: number;
} {
  const upsert = (set: ResourceRecordSet): Change => ({ Action: 'UPSERT', ResourceRecordSet: set });
  const remove = (set: ResourceRecordSet): Change => ({ Action: 'DELETE', ResourceRecordSet: set });
  const updates: Change[] = [];
  for (let k = 0; k < 50; k++) {
    const i = 2_000 + k * 1_750;
    updates.push(upsert({ ...simpleA(i), ResourceRecords: [{ Value: ipOf(i, 100) }] }));
  }
  for (let k = 0; k < 10; k++) updates.push(upsert(txt(k * 240 + 3, 2)));
  for (let k = 0; k < 5; k++) updates.push(upsert(cname(k * 290 + 5, 2_001 + k)));
  const deletions: Change[] = [];
  for (let k = 0; k < 25; k++) deletions.push(remove(simpleA(2_500 + k * 3_500)));
  deletions.push(remove(cname(1_400)), remove(cname(1_401)));
  for (let k = 0; k < 3; k++) deletions.push(remove(alias(zoneId, 900 + k)));
  const drain: Change[] = [];
  for (let m = 0; m < MIX.weightedMembers; m++) drain.push(upsert(weightedA(421, m, 0)));
  return {
    batches: [updates, deletions, drain],
    changed: updates.length + drain.length,
    deleted: deletions.length,
    // each deleted name/type had one member; the drained group is the 31st
    emptied: deletions.length + 1,
  };
}
