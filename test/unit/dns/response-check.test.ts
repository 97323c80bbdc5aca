import { describe, expect, it } from 'vitest';
import { responseMismatch } from '../../../lambda/sources/dns/response-check.js';
import { wireResponse } from './packets.js';

const asked = { name: 'api.example.test', type: 'A' as const };

describe('Function: responseMismatch', () => {
  it('accepts our id and our question, ignoring the case and the trailing dot of the name', () => {
    const packet = wireResponse({ id: 7, name: 'API.Example.Test', type: 'A' });

    expect(responseMismatch(packet, 7, { name: 'api.example.test.', type: 'A' })).toBeUndefined();
  });

  it.each([
    [
      'a wrong id',
      wireResponse({ id: 8, name: 'api.example.test', type: 'A' }),
      /id 8 does not match query id 7/,
    ],
    [
      'another name',
      wireResponse({ id: 7, name: 'evil.example.test', type: 'A' }),
      /name "evil.example.test"/,
    ],
    [
      'another type',
      wireResponse({ id: 7, name: 'api.example.test', type: 'AAAA' }),
      /type AAAA does not match A/,
    ],
    [
      'another class',
      wireResponse({ id: 7, name: 'api.example.test', type: 'A', questionClass: 'CH' }),
      /class CH/,
    ],
    [
      'a query instead of a response',
      wireResponse({ id: 7, name: 'api.example.test', type: 'A', query: true }),
      /query/,
    ],
  ])('rejects %s', (_case, packet, detail) => {
    expect(responseMismatch(packet, 7, asked)).toMatch(detail);
  });
});
