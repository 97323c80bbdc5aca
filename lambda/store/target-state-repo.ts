import { initialTargetState, type TargetState } from '../domain/detectors/target-state.js';
import { keys } from './table.js';
import type { TableClient } from './table-client.js';

/** Detector state per target; every save is conditional on the version that was read. */
export class TargetStateRepo {
  constructor(private readonly table: TableClient) {}

  async get(targetId: string): Promise<TargetState> {
    const item = await this.table.get(keys.targetState(targetId));
    if (!item) return initialTargetState(targetId);
    return { ...(item.data as TargetState), version: item.version as number };
  }

  /** Saves `state` as version `state.version + 1`; throws ConcurrentUpdateError if someone else saved first. */
  async save(state: TargetState): Promise<TargetState> {
    const version = state.version + 1;
    const { version: _omit, ...data } = state;
    await this.table.putIfVersion(
      { ...keys.targetState(state.targetId), version, data, updatedAt: state.lastObservedAt },
      state.version,
      `target state ${state.targetId}`,
    );
    return { ...state, version };
  }
}
