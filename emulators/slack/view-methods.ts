import { randomBytes } from 'node:crypto';
import type { Interactions } from './interactions.js';
import { type RecordedView, TEAM_ID } from './slack-types.js';
import { MAX_VIEW_BYTES, parseView, viewProblems } from './view-limits.js';
import { fail, ok, type Reply } from './web-api-replies.js';

/** Slack keeps a root view and at most two pushed on it ("Currently the limit is 3"). */
export const MAX_VIEW_STACK = 3;

type Json = Record<string, unknown>;

/** views.open, views.push and views.update over the modals opened so far (shared with `FakeSlack.views`). */
export class ViewMethods {
  private sequence = 0;

  constructor(
    private readonly views: RecordedView[],
    private readonly interactions: Interactions,
    private readonly clock: () => number,
  ) {}

  open(params: Json): Reply {
    const checked = this.checkedView(params.view);
    if ('reply' in checked) return checked.reply;
    // An interactivity_pointer (from a workflow step) is exchanged like a trigger_id.
    const trigger = this.interactions.trigger(params.trigger_id ?? params.interactivity_pointer);
    if ('error' in trigger) return fail(trigger.error);
    const duplicate = this.duplicateExternalId(checked.view);
    if (duplicate) return duplicate;
    trigger.take();
    const id = this.nextId();
    return this.record(
      { id, user: trigger.context.user, method: 'views.open', root: id, previous: null },
      checked.view,
    );
  }

  /** Onto the stack of the trigger's user's latest modal. */
  push(params: Json): Reply {
    const checked = this.checkedView(params.view);
    if ('reply' in checked) return checked.reply;
    const trigger = this.interactions.trigger(params.trigger_id);
    if ('error' in trigger) return fail(trigger.error);
    const top = this.views.findLast((v) => v.user === trigger.context.user);
    if (!top) return fail('not_found');
    const stack = this.views.filter((v) => v.root_view_id === top.root_view_id);
    if (stack.length >= MAX_VIEW_STACK) return fail('push_limit_reached');
    const duplicate = this.duplicateExternalId(checked.view);
    if (duplicate) return duplicate;
    trigger.take();
    return this.record(
      { id: this.nextId(), user: top.user, method: 'views.push', root: top.root_view_id, previous: top.id },
      checked.view,
    );
  }

  update(params: Json): Reply {
    const viewId = typeof params.view_id === 'string' && params.view_id ? params.view_id : undefined;
    const externalId =
      typeof params.external_id === 'string' && params.external_id ? params.external_id : undefined;
    if (!viewId && !externalId)
      return fail('invalid_arguments', 200, {
        response_metadata: { messages: ['[ERROR] either view_id or external_id is required'] },
      });
    const checked = this.checkedView(params.view);
    if ('reply' in checked) return checked.reply;
    const target = this.views.find((v) => (viewId ? v.id === viewId : v.external_id === externalId));
    if (!target) return fail('not_found');
    if (typeof params.hash === 'string' && params.hash && params.hash !== target.hash)
      return fail('hash_conflict');
    const newExternal = typeof checked.view.external_id === 'string' ? checked.view.external_id : undefined;
    if (newExternal && this.views.some((v) => v !== target && v.external_id === newExternal))
      return fail('duplicate_external_id');
    target.view = checked.view;
    target.updates.push(checked.view);
    target.hash = this.nextHash();
    if (newExternal) target.external_id = newExternal;
    return ok({ view: this.describe(target) });
  }

  private checkedView(raw: unknown): { view: Json } | { reply: Reply } {
    const view = parseView(raw);
    if (!view)
      return {
        reply: fail('invalid_arguments', 200, {
          response_metadata: {
            messages: ['[ERROR] must be a JSON-encoded view object [json-pointer:/view]'],
          },
        }),
      };
    if (Buffer.byteLength(JSON.stringify(view)) > MAX_VIEW_BYTES) return { reply: fail('view_too_large') };
    const problems = viewProblems(view);
    if (problems.length)
      return { reply: fail('invalid_arguments', 200, { response_metadata: { messages: problems } }) };
    return { view };
  }

  private duplicateExternalId(view: Json): Reply | undefined {
    const externalId =
      typeof view.external_id === 'string' && view.external_id ? view.external_id : undefined;
    return externalId && this.views.some((v) => v.external_id === externalId)
      ? fail('duplicate_external_id')
      : undefined;
  }

  private record(
    at: { id: string; user: string; method: RecordedView['method']; root: string; previous: string | null },
    view: Json,
  ): Reply {
    const externalId =
      typeof view.external_id === 'string' && view.external_id ? view.external_id : undefined;
    const recorded: RecordedView = {
      id: at.id,
      user: at.user,
      method: at.method,
      root_view_id: at.root,
      previous_view_id: at.previous,
      ...(externalId ? { external_id: externalId } : {}),
      hash: this.nextHash(),
      view,
      updates: [],
    };
    this.views.push(recorded);
    return ok({ view: this.describe(recorded) });
  }

  /** The view as Slack answers it: the app's fields plus Slack's own (id, hash, stack, state). */
  private describe(v: RecordedView): Json {
    return {
      ...v.view,
      id: v.id,
      team_id: TEAM_ID,
      private_metadata: v.view.private_metadata ?? '',
      callback_id: v.view.callback_id ?? '',
      external_id: v.external_id ?? '',
      state: { values: {} },
      hash: v.hash,
      clear_on_close: v.view.clear_on_close ?? false,
      notify_on_close: v.view.notify_on_close ?? false,
      root_view_id: v.root_view_id,
      previous_view_id: v.previous_view_id,
      app_id: 'A0LOOKOUT',
      bot_id: 'B0LOOKOUT',
    };
  }

  private nextId(): string {
    return `V0${String(++this.sequence).padStart(8, '0')}`;
  }

  /** Like Slack's `156772938.1827394`: seconds, then something unique. */
  private nextHash(): string {
    return `${Math.floor(this.clock() / 1000)}.${randomBytes(4).toString('hex')}`;
  }
}
