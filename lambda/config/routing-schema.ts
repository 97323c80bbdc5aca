import { ROUTE_SOURCES } from '../domain/routing/route-subject.js';
import { SEVERITIES } from '../domain/routing/severity.js';
import { ALERT_KINDS } from '../domain/signals.js';
import * as z from '../shared/zod.js';
import { strictObject } from './strict-object.js';

/** A list that, when given, names at least one entry (an empty one would match nothing, silently). */
const list = <T extends z.core.SomeType>(item: T) => z.optional(z.array(item).check(z.minLength(1)));
const text = z.string().check(z.minLength(1));
const severity = z.enum(SEVERITIES);

/**
 * `slack.routes[]` — one routing rule: every field given under `match` must match (a list: any of its
 * entries); the first rule that matches chooses the channels; no match: `slack.channel`.
 */
export const routeSchema = strictObject({
  match: z._default(
    strictObject({
      /** Route 53 hosted zone ids (`Z…`). */
      zones: list(text),
      /** DNS name globs: `*` any run of characters (dots too), `?` one character. */
      names: list(text),
      kinds: list(z.enum(ALERT_KINDS)),
      severities: list(severity),
      sources: list(z.enum(ROUTE_SOURCES)),
      /** AWS Health services (`DYNAMODB`), any case. */
      services: list(text),
    }),
    {},
  ),
  /** The first is the incident's home (root and thread); the others get a link to it. */
  channels: z.array(text).check(z.minLength(1)),
});

/** `slack.severity` — overrides of the default severities (lambda/domain/routing/severity.ts). */
export const severityOverridesSchema = strictObject({
  kinds: z.optional(z.partialRecord(z.enum(ALERT_KINDS), severity)),
  /** AWS Health event categories (`issue`, `investigation`, `accountNotification`, `scheduledChange`). */
  healthCategories: z.optional(z.record(text, severity)),
});

const userId = z
  .string()
  .check(z.regex(/^[UW][A-Z0-9]{2,}$/, 'a Slack member ID: U or W then capitals and digits, e.g. U024BE7LH'));
const usergroupId = z
  .string()
  .check(z.regex(/^S[A-Z0-9]{2,}$/, 'a Slack user-group ID: S then capitals and digits, e.g. S0614TZR7'));

/**
 * `slack.incidentChannels` — incidents of these severities get a channel of their own
 * (`<prefix>-<yyyymmdd>-<subject>-<kind>`), with these people and groups invited, a link from the
 * alert channel, and (optionally) archived once resolved.
 */
export const incidentChannelsSchema = strictObject({
  severities: z.array(severity).check(z.minLength(1)),
  invite: z._default(
    strictObject({
      users: z._default(z.array(userId), []),
      /** Their members at the time the channel is made (usergroups.users.list). */
      usergroups: z._default(z.array(usergroupId), []),
    }),
    { users: [], usergroups: [] },
  ),
  archiveOnResolve: z._default(z.boolean(), false),
  prefix: z._default(
    z
      .string()
      .check(
        z.regex(/^[a-z0-9][a-z0-9_-]{0,19}$/, 'lower-case letters, digits, - and _ (at most 20), e.g. inc'),
      ),
    'inc',
  ),
});

export type RouteConfig = z.infer<typeof routeSchema>;
export type IncidentChannelsConfig = z.infer<typeof incidentChannelsSchema>;
export type SeverityOverridesConfig = z.infer<typeof severityOverridesSchema>;
