import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { StepRef } from '../../../../domain/render/runbook-steps.js';
import { formatTime } from '../../../../domain/render/time.js';
import { runbookFor } from '../../../../domain/runbooks/select.js';
import { checkOffStep } from '../../../../service/runbook-steps.js';
import { NotFoundError } from '../../../../store/errors.js';
import type { SlackAppDeps } from '../../deps.js';
import { requestIdentity } from '../../middleware/request-identity.js';
import { code, escapeMrkdwn } from '../../mrkdwn.js';
import { slackActor, slackUserIdOf } from '../../slack-actor.js';
import { tellingFailures } from '../tell-failures.js';
import { tellButtonPresser } from './incident-button.js';
import { parseStepRef, resolvedStepRefusal, UNREADABLE_STEP } from './runbook-step-ref.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * A runbook step's Done button: an operator checks the step off once. The entry ('step 3 "…" done by
 * slack:U… (@alice)') goes to the timeline and the outbox, and a delivery is handed off so the root is
 * re-rendered with the step checked and the entry appears in the thread. A second press, by anyone, says
 * who did it and writes nothing new. On a resolved incident (a message older than its resolve) nothing
 * is written.
 */
export function runbookStepDone(deps: SlackAppDeps) {
  return async ({ ack, body, action }: Args): Promise<void> => {
    await ack();
    const requestId = requestIdentity(body) ?? `trigger:${body.trigger_id}`;
    const tell = (text: string) => tellButtonPresser(deps, body, requestId, text);
    await tellingFailures(deps, 'checking off the runbook step', tell, async () => {
      const decision = await deps.authorizer.check(body.user.id, 'runbook');
      if (!decision.allowed) return void (await tell(decision.message));
      const pressed = parseStepRef(action.value);
      if (!pressed) return void (await tell(UNREADABLE_STEP));
      const resolved = await resolvedStepRefusal(deps, pressed.incidentId);
      if (resolved) return void (await tell(resolved));
      // The button says which step it was rendered for; only the incident's runbook as shown now says
      // that step exists and what it is called.
      const ref = await currentStep(deps, pressed);
      if (ref === 'missing')
        return void (await tell(
          `There is no incident ${code(pressed.incidentId)} any more; nothing was changed.`,
        ));
      if (!ref) return void (await tell(RUNBOOK_CHANGED));
      const actor = slackActor(
        { id: body.user.id, name: body.user.username ?? body.user.name },
        decision.via,
      );
      let outcome: Awaited<ReturnType<typeof checkOffStep>>;
      try {
        outcome = await checkOffStep(deps, ref, actor);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        return void (await tell(
          `There is no incident ${code(ref.incidentId)} any more; nothing was changed.`,
        ));
      }
      const step = `step ${ref.step} ${code(ref.title)}`;
      if (outcome.kind === 'already') {
        const id = slackUserIdOf(outcome.done.by);
        const who = id ? `<@${id}>` : escapeMrkdwn(outcome.done.by);
        return void (await tell(
          `${capitalize(step)} was already checked off by ${who} at ${formatTime(outcome.done.at)}; nothing new was written.`,
        ));
      }
      await deps.handoff.send({ kind: 'deliver', id: `deliver:${requestId}` });
      await tell(`You checked off ${step} of incident ${code(ref.incidentId)}; the timeline says so.`);
    });
  };
}

const RUNBOOK_CHANGED =
  'This runbook changed since the message was rendered; use the buttons on the current message. Nothing was changed.';

/** The pressed step as the incident's runbook has it now (its title from the runbook), if it still does. */
async function currentStep(
  deps: Pick<SlackAppDeps, 'store' | 'runbooks'>,
  pressed: StepRef,
): Promise<StepRef | 'missing' | undefined> {
  const incident = await deps.store.incidents.get(pressed.incidentId);
  if (!incident) return 'missing';
  const runbook = runbookFor(await deps.runbooks(), incident);
  if (runbook?.id !== pressed.runbookId) return undefined;
  const step = runbook.steps[pressed.step - 1];
  return step ? { ...pressed, title: step.title } : undefined;
}

function capitalize(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
