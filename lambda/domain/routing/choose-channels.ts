import { type RouteRule, ruleMatches } from './route-rule.js';
import type { RouteSubject } from './route-subject.js';

/** Where an incident goes, and which rule said so (`default`: none matched). */
export interface RouteChoice {
  channels: string[];
  /** Index of the rule in slack.routes, or `default`. */
  rule: number | 'default';
}

/**
 * The channels for `subject`: those of the first rule that matches it, else `fallback` (slack.channel,
 * none when unset). Duplicates are dropped, first place kept.
 * @example chooseChannels([{ match: { names: ['*.amazonaws.com'] }, channels: ['#dns-team'] }], subject, '#alerts')
 */
export function chooseChannels(
  rules: readonly RouteRule[],
  subject: RouteSubject,
  fallback: string | undefined,
): RouteChoice {
  const index = rules.findIndex((rule) => rule.channels.length > 0 && ruleMatches(rule.match, subject));
  const rule = rules[index];
  if (rule) return { channels: [...new Set(rule.channels)], rule: index };
  return { channels: fallback ? [fallback] : [], rule: 'default' };
}
