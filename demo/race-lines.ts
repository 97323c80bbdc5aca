import type { RaceEvent } from './race/events.js';

/** One line per race step worth showing; null for the chatter (picks, skips). */
export function describeRaceEvent(event: RaceEvent, name: string): string | undefined {
  const plan = `plan ${event.generation}`;
  switch (event.action) {
    case 'published':
      return `planner    published ${plan} (${event.ips?.length ?? 0} IPs)`;
    case 'applied':
      return `${event.worker} applied ${plan}${event.stale ? `  ← STALE: overwrites the newer plan ${event.detail?.replace('over ', '') ?? ''}` : ''}`;
    case 'stalled':
      return `${event.worker} stalls before applying ${plan} (delayed worker)`;
    case 'resumed':
      return `${event.worker} resumes with ${plan}`;
    case 'deleted-plan':
      return `${event.worker} cleanup deletes ${plan}${event.wasApplied ? '  ← it is the LIVE plan: its records go with it' : ''}`;
    case 'record-emptied':
      return `dns        ${name} A is now EMPTY (had ${event.ips?.length ?? 0} IPs)`;
    default:
      return undefined;
  }
}
