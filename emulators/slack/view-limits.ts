import { blockProblem, isObject } from './slack-limits.js';

/**
 * The documented limits of a modal view object, checked the way Slack answers them: `invalid_arguments`
 * with `[ERROR] … [json-pointer:/view/…]` messages in `response_metadata.messages`.
 */
export const MAX_MODAL_BLOCKS = 100;
export const MAX_MODAL_BUTTON_TEXT = 24;
export const MAX_PRIVATE_METADATA = 3000;
export const MAX_CALLBACK_ID = 255;
export const MAX_EXTERNAL_ID = 255;
/** Slack's `view_too_large`: a view over 250 kB. */
export const MAX_VIEW_BYTES = 250_000;

type Json = Record<string, unknown>;

/** A view argument as sent: a JSON string in form bodies, an object in JSON bodies. */
export function parseView(raw: unknown): Json | undefined {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  return isObject(value) ? value : undefined;
}

/** Every broken limit of the view's own fields, then the first broken block rule. */
export function viewProblems(view: Json): string[] {
  const problems: string[] = [];
  if (view.type !== 'modal') problems.push('[ERROR] must be modal [json-pointer:/view/type]');
  const title = plainText(view.title, 'title', true);
  if (title) problems.push(title);
  for (const field of ['submit', 'close'] as const) {
    const problem = plainText(view[field], field, false);
    if (problem) problems.push(problem);
  }
  const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
  if (hasInput && view.submit === undefined)
    problems.push('[ERROR] must provide submit when using input blocks [json-pointer:/view/submit]');
  for (const [field, max] of [
    ['private_metadata', MAX_PRIVATE_METADATA],
    ['callback_id', MAX_CALLBACK_ID],
    ['external_id', MAX_EXTERNAL_ID],
  ] as const) {
    const value = view[field];
    if (value !== undefined && typeof value !== 'string')
      problems.push(`[ERROR] must be a string [json-pointer:/view/${field}]`);
    else if (typeof value === 'string' && value.length > max)
      problems.push(`[ERROR] must be less than ${max + 1} characters [json-pointer:/view/${field}]`);
  }
  if (view.blocks === undefined)
    problems.push('[ERROR] missing required field: blocks [json-pointer:/view/blocks]');
  else {
    const block = blockProblem(view.blocks, { max: MAX_MODAL_BLOCKS, pointer: '/view/blocks' });
    if (block) problems.push(block);
  }
  return problems;
}

function plainText(value: unknown, field: string, required: boolean): string | undefined {
  if (value === undefined)
    return required ? `[ERROR] missing required field: ${field} [json-pointer:/view/${field}]` : undefined;
  if (!isObject(value) || value.type !== 'plain_text' || typeof value.text !== 'string')
    return `[ERROR] must be a plain_text text object [json-pointer:/view/${field}]`;
  if (!value.text.length) return `[ERROR] must be more than 0 characters [json-pointer:/view/${field}/text]`;
  if (value.text.length > MAX_MODAL_BUTTON_TEXT)
    return `[ERROR] must be less than ${MAX_MODAL_BUTTON_TEXT + 1} characters [json-pointer:/view/${field}/text]`;
  return undefined;
}
