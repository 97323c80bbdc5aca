import { describeError } from '../../../shared/describe-error.js';
import type { SlackJob } from '../jobs.js';
import { code, escapeMrkdwn } from '../mrkdwn.js';
import { runAddToTimeline } from './add-to-timeline.js';
import { runCheck } from './check.js';
import { runDeliver } from './deliver.js';
import type { SlackWorkerDeps } from './deps.js';
import { runRestore } from './restore.js';
import { runRestorePlan } from './restore-plan.js';
import { runTell } from './tell.js';
import { runTimeline } from './timeline.js';
import { runWatchChannel } from './watch-channel.js';

/** Each job kind's runner; a new kind is one case here (the compiler insists on it). */
function run(job: SlackJob, deps: SlackWorkerDeps): Promise<void> {
  switch (job.kind) {
    case 'check':
      return runCheck(job, deps);
    case 'timeline':
      return runTimeline(job, deps);
    case 'deliver':
      return runDeliver(job, deps);
    case 'restore':
      return runRestore(job, deps);
    case 'tell':
      return runTell(job, deps);
    case 'watch-channel':
      return runWatchChannel(job, deps);
    case 'restore-plan':
      return runRestorePlan(job, deps);
    case 'add-to-timeline':
      return runAddToTimeline(job, deps);
  }
}

/**
 * Runs one handed-off job. A failure is told to the person who asked and logged, never thrown: the
 * asynchronous invoke would run the job again, and a second answer to a failure helps nobody.
 */
export async function runJob(job: SlackJob, deps: SlackWorkerDeps): Promise<void> {
  try {
    if (!(await deps.claim(job.id))) {
      deps.log.info('a Slack job delivered again; not run twice', { kind: job.kind, id: job.id });
      return;
    }
    await run(job, deps);
  } catch (error) {
    if (job.kind === 'deliver' || job.kind === 'tell') {
      // Nobody waits on a delivery; a failed answer has tried every way there is: the log is where it goes.
      deps.log.error('a Slack job failed', error, { kind: job.kind, id: job.id });
      return;
    }
    if (job.kind === 'add-to-timeline') {
      // A modal's submission has no response URL: the person is told the way runTell finds.
      deps.log.error('a Slack job failed', error, { kind: job.kind, id: job.id, user: job.user });
      await runTell(
        {
          kind: 'tell',
          id: `tell:${job.id}`,
          user: job.user,
          channel: job.message.channel,
          text: `Lookout could not add the message to incident ${code(job.incidentId)}: ${escapeMrkdwn(describeError(error))}.`.slice(
            0,
            4000,
          ),
        },
        deps,
      );
      return;
    }
    deps.log.error('a Slack job failed', error, { kind: job.kind, user: job.user, channel: job.channel });
    try {
      await deps.respond(job.responseUrl, {
        text: `Lookout could not finish ${code(job.kind)}: ${escapeMrkdwn(describeError(error))}.`,
      });
    } catch (answerError) {
      deps.log.error('could not tell the person a Slack job failed', answerError, { kind: job.kind });
    }
  }
}
