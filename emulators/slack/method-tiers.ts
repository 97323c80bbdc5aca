/**
 * Slack's Web API rate-limit tiers and the tier of each method the emulator answers.
 *
 * What the docs say (https://docs.slack.dev/apis/web-api/rate-limits, also
 * https://api.slack.com/docs/rate-limits): limits apply "per API method per workspace/team per app";
 * Tier 1 "1+ per minute … a small amount of burst behavior is tolerated"; Tier 2 "20+ per minute …
 * occasional bursts of more requests"; Tier 3 "50+ per minute … sporadic bursts are welcome"; Tier 4
 * "100+ per minute … generous burst behavior"; Special tier "varies": chat.postMessage "generally allows
 * posting one message per second per channel, while also maintaining a workspace-wide limit", and
 * "Posting messages: 1 per second, short bursts >1 allowed".
 *
 * The emulator enforces the floor of each range ("50+" is 50), so code that stays under it here stays
 * under it in Slack. The burst sizes are guesses: Slack publishes none.
 */
export type Tier = 1 | 2 | 3 | 4;

export const TIER_LIMITS: Readonly<Record<Tier, { perMinute: number; burst: number }>> = {
  1: { perMinute: 1, burst: 2 },
  2: { perMinute: 20, burst: 5 },
  3: { perMinute: 50, burst: 10 },
  4: { perMinute: 100, burst: 20 },
};

/**
 * Each method's tier, from the "Rate limits" fact of its reference page (api.slack.com/methods/<name>,
 * docs.slack.dev/reference/methods/<name>). Checked in those pages: chat.update Tier 3, views.open Tier 4,
 * conversations.history Tier 3 (1 per minute for commercially distributed non-Marketplace apps since
 * 2025-05-29; internal apps such as Lookout keep Tier 3). The others are as their pages listed them when
 * this was written and were not re-checked. `special` methods have their own rule (chat.postMessage:
 * per channel, applied by the channel buckets) or none imitated here.
 */
export const METHOD_TIERS: Readonly<Record<string, Tier | 'special'>> = {
  'chat.postMessage': 'special',
  'chat.update': 3,
  'chat.postEphemeral': 4,
  'chat.getPermalink': 'special',
  'auth.test': 'special',
  'conversations.history': 3,
  'conversations.replies': 3,
  'conversations.info': 3,
  'conversations.list': 2,
  'conversations.members': 4,
  'conversations.create': 2,
  'conversations.invite': 3,
  'conversations.archive': 2,
  'conversations.open': 3,
  'views.open': 4,
  'views.push': 4,
  'views.update': 4,
  'usergroups.users.list': 2,
  'files.getUploadURLExternal': 4,
  'files.completeUploadExternal': 4,
};
