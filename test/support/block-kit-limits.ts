/**
 * Slack's documented Block Kit limits (docs.slack.dev: modal views, button element, static select,
 * section, header), checked over a whole message or modal by walking every block and element. The fake
 * Slack server checks the common ones as Slack answers them; this lists every broken limit at once, so
 * a property test's counterexample names all of them.
 */
export const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  sectionText: 3000,
  sectionField: 2000,
  headerText: 150,
  contextText: 3000,
  buttonText: 75,
  actionId: 255,
  blockId: 255,
  buttonValue: 2000,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  inputLabel: 2000,
  /** Slack truncates a message's `text` beyond 40,000 characters. */
  messageText: 40_000,
} as const;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.text === 'string' ? value.text : undefined;
}

function checkText(problems: string[], at: string, value: unknown, max: number): void {
  if (value === undefined) return;
  const text = textOf(value);
  if (text === undefined) return void problems.push(`${at}: not a text object`);
  if (!text.trim().length) problems.push(`${at}: empty text`);
  if (text.length > max) problems.push(`${at}: ${text.length} > ${max} characters`);
}

function checkLength(problems: string[], at: string, value: unknown, max: number): void {
  if (typeof value === 'string' && value.length > max)
    problems.push(`${at}: ${value.length} > ${max} characters`);
}

function checkElement(problems: string[], at: string, element: unknown): void {
  if (!isObject(element)) return;
  checkLength(problems, `${at}/action_id`, element.action_id, LIMITS.actionId);
  if (element.type === 'button') {
    checkText(problems, `${at}/text`, element.text, LIMITS.buttonText);
    checkLength(problems, `${at}/value`, element.value, LIMITS.buttonValue);
  }
  if (element.type === 'static_select') {
    const options = Array.isArray(element.options) ? element.options : [];
    if (options.length > LIMITS.selectOptions)
      problems.push(`${at}/options: ${options.length} > ${LIMITS.selectOptions}`);
    if (!options.length) problems.push(`${at}/options: none`);
    for (const [i, option] of options.entries()) {
      if (!isObject(option)) continue;
      checkText(problems, `${at}/options/${i}/text`, option.text, LIMITS.optionText);
      checkLength(problems, `${at}/options/${i}/value`, option.value, LIMITS.optionValue);
    }
  }
  if (element.type === 'mrkdwn' || element.type === 'plain_text')
    checkText(problems, at, element, LIMITS.contextText);
}

/** Every broken limit in a list of blocks (`max`: 50 in a message, 100 in a modal). */
export function blocksProblems(blocks: unknown, max: number, pointer = '/blocks'): string[] {
  if (!Array.isArray(blocks)) return [`${pointer}: not an array`];
  const problems: string[] = [];
  if (blocks.length > max) problems.push(`${pointer}: ${blocks.length} > ${max} blocks`);
  for (const [i, block] of blocks.entries()) {
    const at = `${pointer}/${i}`;
    if (!isObject(block)) {
      problems.push(`${at}: not an object`);
      continue;
    }
    checkLength(problems, `${at}/block_id`, block.block_id, LIMITS.blockId);
    if (block.type === 'header') checkText(problems, `${at}/text`, block.text, LIMITS.headerText);
    if (block.type === 'section') {
      checkText(problems, `${at}/text`, block.text, LIMITS.sectionText);
      if (Array.isArray(block.fields))
        for (const [j, f] of block.fields.entries())
          checkText(problems, `${at}/fields/${j}`, f, LIMITS.sectionField);
      checkElement(problems, `${at}/accessory`, block.accessory);
    }
    if (block.type === 'input') {
      checkText(problems, `${at}/label`, block.label, LIMITS.inputLabel);
      checkElement(problems, `${at}/element`, block.element);
    }
    if (block.type === 'context' || block.type === 'actions') {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (!elements.length) problems.push(`${at}/elements: none`);
      for (const [j, el] of elements.entries()) checkElement(problems, `${at}/elements/${j}`, el);
    }
  }
  return problems;
}

/** A message (chat.postMessage, an ephemeral answer): ≤ 50 blocks, a non-empty `text` within 40,000. */
export function messageProblems(message: { text?: string; blocks?: unknown }): string[] {
  const problems = message.blocks === undefined ? [] : blocksProblems(message.blocks, LIMITS.messageBlocks);
  if (message.text !== undefined) checkLength(problems, '/text', message.text, LIMITS.messageText);
  return problems;
}

/** A modal view (views.open / views.update / response_action: update). */
export function modalProblems(view: Json): string[] {
  const problems = blocksProblems(view.blocks, LIMITS.modalBlocks, '/view/blocks');
  checkText(problems, '/view/title', view.title, LIMITS.modalTitle);
  checkText(problems, '/view/submit', view.submit, LIMITS.modalButton);
  checkText(problems, '/view/close', view.close, LIMITS.modalButton);
  checkLength(problems, '/view/private_metadata', view.private_metadata, LIMITS.privateMetadata);
  checkLength(problems, '/view/callback_id', view.callback_id, LIMITS.callbackId);
  return problems;
}
