/** Slack's limit on a channel name's length. */
export const MAX_CHANNEL_NAME = 80;
/** Room kept for the `-NN` a taken name gets. */
const SUFFIX_ROOM = 4;

/**
 * A valid Slack channel name for an incident: `<prefix>-<yyyymmdd>-<subject>-<kind>`, lower case,
 * only a–z, 0–9, `-` and `_`, at most 80 characters. The subject is the name's first label (the
 * service in `dynamodb.us-east-1.amazonaws.com`), or all of it when it has one.
 * @example incidentChannelName({ prefix: 'inc', openedAt: '2026-12-02T10:00:00Z', name: 'dynamodb.us-east-1.amazonaws.com', kind: 'EMPTY' }) // 'inc-20261202-dynamodb-empty'
 */
export function incidentChannelName(input: {
  prefix: string;
  openedAt: string;
  name: string;
  kind: string;
}): string {
  const day = input.openedAt.slice(0, 10).replace(/-/g, '');
  const subject = slug(input.name.replace(/\.$/, '').split('.')[0] ?? '') || 'incident';
  const parts = [slug(input.prefix), slug(day), subject, slug(input.kind)].filter(Boolean);
  return trimTo(parts.join('-'), MAX_CHANNEL_NAME - SUFFIX_ROOM) || 'incident';
}

/**
 * The name to try after `base` was taken `attempt` times: `base`, then `base-2`, `base-3`, …, still
 * within 80 characters.
 */
export function withSuffix(base: string, attempt: number): string {
  if (attempt <= 1) return trimTo(base, MAX_CHANNEL_NAME);
  const suffix = `-${attempt}`;
  return `${trimTo(base, MAX_CHANNEL_NAME - suffix.length)}${suffix}`;
}

/** Whether Slack accepts `name` for a new channel (its documented rules). */
export function isValidChannelName(name: string): boolean {
  return (
    name.length >= 1 && name.length <= MAX_CHANNEL_NAME && /^[a-z0-9_-]+$/.test(name) && /[a-z0-9]/.test(name)
  );
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

function trimTo(text: string, max: number): string {
  return text.slice(0, max).replace(/-+$/, '');
}
