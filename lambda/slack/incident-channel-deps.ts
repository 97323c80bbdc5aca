import type { IncidentReader } from '../store/ports.js';
import type { ChannelAdminPort } from './channel-admin.js';
import type { DeliveryLogger, SlackPort } from './slack-port.js';

/** What slack.incidentChannels says about people and archiving (the severities were applied at open). */
export interface IncidentChannelSettings {
  invite: { users: readonly string[]; usergroups: readonly string[] };
  archiveOnResolve: boolean;
}

export interface IncidentChannelsDeps {
  slack: SlackPort;
  admin: ChannelAdminPort;
  incidents: Required<Pick<IncidentReader, 'updateChannels'>>;
  /** Absent: the config no longer names any (channels already made are still used, nobody is invited). */
  settings?: IncidentChannelSettings | undefined;
  now: () => Date;
  log: DeliveryLogger;
  /** As for posts: how long a create or link of unknown outcome that a lookup cannot find is awaited. */
  graceMs: number;
}
