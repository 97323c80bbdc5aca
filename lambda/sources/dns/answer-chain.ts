import type { Answer } from 'dns-packet';
import {
  type CnameChain,
  cnameChainSchema,
  MAX_CNAME_HOPS,
  presentationName,
} from '../../domain/cname-chain.js';
import { normalizeDnsName } from '../../domain/dns-name.js';
import type { AskedQuestion } from './classify.js';

export interface FollowedAnswer {
  /** The records of the asked type at the end of the chain; empty when there are none. */
  rrset: Answer[];
  /** Owner names visited, asked name first (normalized, unescaped); a loop repeats its first name. */
  names: string[];
  /** Set when the chain cannot be followed to an end: it loops, or it is longer than resolvers go. */
  broken?: 'loop' | 'too-long';
}

/**
 * Follows the CNAME chain in the answer section from the asked name, in chain order whatever order
 * the records came in. For a CNAME question the alias record itself is the answer.
 *
 * @example
 * followAnswer(packet.answers ?? [], { name: 'www.example.test', type: 'A' }).names;
 * // ['www.example.test', 'api.example.test']
 */
export function followAnswer(answers: readonly Answer[], asked: AskedQuestion): FollowedAnswer {
  // One pass over the answer section per hop, no intermediate arrays: this runs for every reply.
  let owner = normalizeDnsName(asked.name);
  const names = [owner];
  for (let hop = 0; ; hop++) {
    const rrset: Answer[] = [];
    let alias: Answer | undefined;
    for (const answer of answers) {
      if ('class' in answer && answer.class !== undefined && answer.class !== 'IN') continue;
      if (answer.type !== asked.type && (answer.type !== 'CNAME' || alias)) continue;
      if (normalizeDnsName(answer.name) !== owner) continue;
      if (answer.type === asked.type) rrset.push(answer);
      else alias = answer;
    }
    if (rrset.length > 0 || asked.type === 'CNAME') return { rrset, names };
    const target = alias && 'data' in alias ? alias.data : undefined;
    if (typeof target !== 'string') return { rrset: [], names };
    if (hop === MAX_CNAME_HOPS) return { rrset: [], names, broken: 'too-long' };
    owner = normalizeDnsName(target);
    const loops = names.includes(owner);
    names.push(owner);
    if (loops) return { rrset: [], names, broken: 'loop' };
  }
}

/**
 * The chain as evidence keeps it: names escaped for display, bounded by the schema. A reply that
 * followed no alias has no chain (the schema wants at least one hop).
 */
export function recordedChain(followed: FollowedAnswer): CnameChain | undefined {
  // Most replies follow no alias: answer that without a parse that fails (zod builds its error for every
  // failed parse, and this runs for every query — it showed in the probe sweep's profile).
  if (followed.names.length < 2) return undefined;
  const parsed = cnameChainSchema.safeParse(followed.names.map(presentationName));
  return parsed.success ? parsed.data : undefined;
}
