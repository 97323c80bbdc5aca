import type { DeliveryLogger } from './slack-port.js';

/**
 * Whether Slack accepts Lookout's token at all. A token or workspace error (`invalid_auth`,
 * `token_revoked`, `missing_scope`, …) pauses delivery rather than failing alerts: this says so once,
 * with what to do, and once more when delivery works again. Lives as long as the process (or the Lambda
 * container), so a paused Slack is not re-announced every minute.
 */
export class DeliveryHealth {
  private pausedBy: string | undefined;

  /** `advice`: what the person running Lookout should do, in their setting (env var, secret). */
  constructor(private readonly advice: string) {}

  get paused(): string | undefined {
    return this.pausedBy;
  }

  pause(reason: string, logger: DeliveryLogger, detail: Record<string, unknown> = {}): void {
    if (this.pausedBy === reason) return;
    this.pausedBy = reason;
    logger.warn(
      `Slack refuses Lookout's token (${reason}): delivery is paused, nothing is failed, and messages stay queued until Slack accepts it. ${this.advice}`,
      { reason, ...detail },
    );
  }

  resume(logger: DeliveryLogger): void {
    if (this.pausedBy === undefined) return;
    // A warning's level, so the person who saw the pause on the terminal also sees it end.
    logger.warn(`Slack accepts Lookout's token again (was ${this.pausedBy}); delivering the queued messages`);
    this.pausedBy = undefined;
  }
}
