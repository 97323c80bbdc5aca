/**
 * Block Kit checks the fake Slack applies, mirroring the documented limits. Kept apart from the server
 * so the limits the renderer promises and the limits the fake enforces are both easy to read.
 */
export const MAX_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3000;
export const MAX_HEADER_TEXT = 150;
export const MAX_BUTTON_TEXT = 75;
export const MAX_MESSAGE_TEXT = 40_000;

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.text === 'string' ? value.text : undefined;
}

/**
 * Slack's `[ERROR] … [json-pointer:/blocks/0/text/text]` message for the first broken rule, or undefined.
 * Messages allow 50 blocks at `/blocks`; modals pass 100 and `/view/blocks`.
 */
export function blockProblem(
  blocks: unknown,
  { max = MAX_BLOCKS, pointer = '/blocks' }: { max?: number; pointer?: string } = {},
): string | undefined {
  if (!Array.isArray(blocks)) return `[ERROR] blocks must be an array [json-pointer:${pointer}]`;
  if (blocks.length > max) return `[ERROR] no more than ${max} items allowed [json-pointer:${pointer}]`;
  for (const [i, block] of blocks.entries()) {
    const at = `${pointer}/${i}`;
    if (!isObject(block) || typeof block.type !== 'string')
      return `[ERROR] missing required field: type [json-pointer:${at}]`;
    const text = textOf(block.text);
    if (block.type === 'header') {
      if (text === undefined || !text.length)
        return `[ERROR] missing required field: text [json-pointer:${at}/text]`;
      if (text.length > MAX_HEADER_TEXT)
        return `[ERROR] must be less than ${MAX_HEADER_TEXT + 1} characters [json-pointer:${at}/text/text]`;
    }
    if (block.type === 'section') {
      if (block.text !== undefined && (text === undefined || !text.length))
        return `[ERROR] must be more than 0 characters [json-pointer:${at}/text/text]`;
      if (text !== undefined && text.length > MAX_SECTION_TEXT)
        return `[ERROR] must be less than ${MAX_SECTION_TEXT + 1} characters [json-pointer:${at}/text/text]`;
      if (block.text === undefined && !Array.isArray(block.fields))
        return `[ERROR] must provide either text or fields [json-pointer:${at}]`;
      const button = problemInButton(block.accessory, `${at}/accessory`);
      if (button) return button;
    }
    if (block.type === 'context') {
      if (!Array.isArray(block.elements) || !block.elements.length)
        return `[ERROR] missing required field: elements [json-pointer:${at}/elements]`;
      for (const [j, el] of block.elements.entries()) {
        const t = textOf(el);
        if (t !== undefined && (!t.length || t.length > MAX_SECTION_TEXT))
          return `[ERROR] invalid text length [json-pointer:${at}/elements/${j}/text]`;
      }
    }
    if (block.type === 'actions' && Array.isArray(block.elements)) {
      for (const [j, el] of block.elements.entries()) {
        const problem = problemInButton(el, `${at}/elements/${j}`);
        if (problem) return problem;
      }
    }
  }
  return undefined;
}

function problemInButton(element: unknown, at: string): string | undefined {
  if (!isObject(element) || element.type !== 'button') return undefined;
  const text = textOf(element.text);
  if (text === undefined || !text.length)
    return `[ERROR] missing required field: text [json-pointer:${at}/text]`;
  if (text.length > MAX_BUTTON_TEXT)
    return `[ERROR] must be less than ${MAX_BUTTON_TEXT + 1} characters [json-pointer:${at}/text/text]`;
  return undefined;
}

export type Content = { text?: string; blocks?: unknown[] };

/** What chat.postMessage / chat.update check about a message's text and blocks, in Slack's order. */
export function checkContent(
  params: Record<string, unknown>,
): Content | { error: string; extra?: Record<string, unknown> } {
  const text = typeof params.text === 'string' && params.text ? params.text : undefined;
  let blocks: unknown = params.blocks;
  if (typeof blocks === 'string') {
    try {
      blocks = JSON.parse(blocks);
    } catch {
      return { error: 'invalid_blocks_format' };
    }
  }
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  if (!text && !hasBlocks) return { error: 'no_text' };
  if (text && text.length > MAX_MESSAGE_TEXT) return { error: 'msg_too_long' };
  if (blocks !== undefined) {
    const problem = blockProblem(blocks);
    if (problem) return { error: 'invalid_blocks', extra: { response_metadata: { messages: [problem] } } };
  }
  return { ...(text ? { text } : {}), ...(hasBlocks ? { blocks: blocks as unknown[] } : {}) };
}

/** Form-encoded (what WebClient sends) or JSON; undefined when a JSON body is not an object. */
export function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> | undefined {
  if (!raw) return {};
  if (!contentType?.includes('application/json')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
