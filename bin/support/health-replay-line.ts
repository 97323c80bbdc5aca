import type { HealthIngestResult } from '../../lambda/engine/health-ingest.js';

/**
 * One line saying what became of an AWS Health delivery in `lookout replay`, from what the ingest
 * reported: left out by the filters, put in (or already in) a channel's digest, kept nowhere for want of a
 * channel, told in incidents, or nothing new. Scheduled changes and account notifications open no
 * incident, so without this line their replay would print nothing about them.
 * @example healthReplayLine(1, result)
 * // "event 1: AWS Health scheduledChange AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED (EC2, us-east-1) → the digest for #ops"
 */
export function healthReplayLine(position: number, result: HealthIngestResult): string {
  const { category, typeCode, service, region } = result.event;
  return `event ${position}: AWS Health ${category} ${typeCode} (${service}, ${region}) ${outcome(result)}`;
}

function outcome(result: HealthIngestResult): string {
  if (result.filteredOut) return `→ left out: ${result.filteredOut}`;
  const channels = result.digestChannels;
  if (channels) {
    if (!channels.length)
      return '→ no digest: no Slack channel configured (slack.channel); this category opens no incident';
    const changed = result.digests ?? [];
    const same = channels.filter((c) => !changed.includes(c));
    const parts = [
      ...(changed.length ? [`→ the digest for ${changed.join(', ')}`] : []),
      ...(same.length ? [`→ nothing new: the digest for ${same.join(', ')} already says this`] : []),
    ];
    return parts.join('; ');
  }
  if (result.entries.length) {
    const n = result.entries.length;
    return `→ ${n} timeline ${n === 1 ? 'entry' : 'entries'} in ${result.subjects.join(', ')}`;
  }
  return result.duplicate
    ? '→ nothing new: this version was already told'
    : `→ nothing new in ${result.subjects.join(', ') || 'any incident'}`;
}
