import type { Incident, TimelineEntry } from '../lambda/domain/incident.js';
import { formatEntryLine, formatIncidentSummary } from '../lambda/domain/render/text.js';
import type { Store } from '../lambda/store/store.js';
import { type HealthDelivery, leadLine } from './health-posts.js';
import { DEMO_NAME } from './replay-zone.js';

/**
 * The end of the replay, read back from the store: the incident, its timeline, who saw EMPTY, the
 * detection latency, AWS's posts in it and the lead line.
 */
export async function writeReplayReport(deps: {
  out: NodeJS.WritableStream;
  store: Store;
  deliveries: HealthDelivery[];
  minuteMs: number;
  latency: number;
  color: boolean;
  timeZone: string | undefined;
  keep: { dataDir: string } | undefined;
}): Promise<{ incident: Incident; timeline: TimelineEntry[]; lead: string | undefined }> {
  const { out, store, deliveries, minuteMs, latency, color, timeZone } = deps;
  const incident = (await store.incidents.list(10)).find((i) => i.targetId === `${DEMO_NAME}/A`);
  if (!incident) throw new Error('the replay ended without an incident');
  const timeline = await store.incidents.listTimeline(incident.id);
  const evidence = timeline.find((e) => e.kind === 'EMPTY' && e.evidence?.length)?.evidence ?? [];
  const sources = [...new Set(timeline.filter((e) => e.kind === 'EMPTY').map((e) => e.source))];
  out.write(
    `\nIncident\n${formatIncidentSummary(incident, new Date(), evidence, { color, timeZone })}\n\nTimeline\n`,
  );
  for (const entry of timeline) out.write(`  ${formatEntryLine(entry, undefined, { color, timeZone })}\n`);
  out.write(`\none incident; EMPTY seen by ${sources.join(' and ')}\n`);
  out.write(`detection latency: ${latency.toFixed(1)} s\n`);
  const awsEntries = timeline.filter((e) => e.source === 'aws-health');
  const versions = new Set(deliveries.map((d) => d.version)).size;
  const backups = deliveries.filter((d) => d.copy === 'backup').length;
  if (deliveries.length) {
    out.write(
      `AWS Health: ${versions} posts in ${deliveries.length} deliveries (${backups} from the backup region us-west-2): ${awsEntries.length} entries in this incident\n`,
    );
  }
  const lookoutEmpty = timeline.find(
    (e) => e.kind === 'EMPTY' || (e.kind === 'OPENED' && e.text.includes('EMPTY')),
  );
  const lead =
    lookoutEmpty && awsEntries[0]
      ? leadLine(lookoutEmpty.at, awsEntries[0].at, minuteMs)
      : deliveries.length
        ? `no lead to tell: ${lookoutEmpty ? "AWS's posts are" : "Lookout's EMPTY is"} missing from the timeline`
        : undefined;
  if (lead) out.write(`${lead}\n`);
  if (deps.keep)
    out.write(`\ninspect it again: npx lookout show ${incident.id} --data ${deps.keep.dataDir}\n`);
  return { incident, timeline, lead };
}
