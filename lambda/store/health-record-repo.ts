import type { HealthRecord } from '../domain/health/health-record.js';
import type { Signal } from '../domain/signals.js';
import { keys } from './table.js';
import type { TableClient } from './table-client.js';

/**
 * What Lookout has told of one AWS Health event, versioned, with the signals decided from the latest
 * delivery saved in the same conditional write (pending until applied), as target state does: a crash
 * between saving and applying is healed by the next delivery of the event, never lost or doubled.
 */
export interface StoredHealthRecord {
  record?: HealthRecord;
  pendingSignals: Signal[];
  version: number;
}

export class HealthRecordRepo {
  constructor(private readonly table: TableClient) {}

  async get(eventKey: string): Promise<StoredHealthRecord> {
    const item = await this.table.get(keys.healthRecord(eventKey));
    if (!item) return { pendingSignals: [], version: 0 };
    const data = item.data as { record: HealthRecord; pendingSignals?: Signal[] };
    return {
      record: data.record,
      pendingSignals: data.pendingSignals ?? [],
      version: item.version as number,
    };
  }

  /** Saves as version `stored.version + 1`; ConcurrentUpdateError if another delivery saved first. */
  async save(
    eventKey: string,
    stored: Pick<StoredHealthRecord, 'version'>,
    record: HealthRecord,
    pendingSignals: Signal[],
  ): Promise<StoredHealthRecord> {
    const version = stored.version + 1;
    await this.table.putIfVersion(
      { ...keys.healthRecord(eventKey), version, data: { record, pendingSignals } },
      stored.version,
      `AWS Health record ${eventKey}`,
    );
    return { record, pendingSignals, version };
  }
}
