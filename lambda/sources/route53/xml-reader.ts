import { XmlParseError } from './errors.js';

/*
 * A small XML reader for Route 53's documents (the adapter reads responses, the emulator requests):
 * elements and text; attributes (xmlns) are skipped, namespace prefixes dropped, DTDs refused.
 * Lists are the wrappers named in LIST_ELEMENTS, so an empty list is `[]`, not `''`.
 */

/** One parsed XML element: its local name (prefix dropped), child elements and concatenated text. */
export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

const LIST_ELEMENTS = new Set([
  'ChangeBatchSummaries',
  'ResourceRecordSetChanges',
  'Changes',
  'ResourceRecords',
]);
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Element → its text (a leaf), an array (a list wrapper) or an object of its children. */
export function xmlToObject(node: XmlNode): Record<string, unknown> {
  const value = nodeValue(node);
  return isRecord(value) ? value : {};
}

function nodeValue(node: XmlNode): unknown {
  if (LIST_ELEMENTS.has(node.name)) return node.children.map(nodeValue);
  if (node.children.length === 0) return node.text;
  return Object.fromEntries(node.children.map((child) => [child.name, nodeValue(child)]));
}

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

/** Throws XmlParseError on anything that is not one well-formed root element. */
export function parseXml(source: string): XmlNode {
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  let index = 0;
  const endOf = (marker: string, from: number) => {
    const end = source.indexOf(marker, from);
    if (end < 0) throw new XmlParseError(`unterminated markup at offset ${from}`);
    return end + marker.length;
  };
  while (index < source.length) {
    const open = source.indexOf('<', index);
    const textEnd = open < 0 ? source.length : open;
    const top = stack.at(-1);
    if (textEnd > index) {
      const chunk = source.slice(index, textEnd);
      if (top) top.text += decodeEntities(chunk);
      else if (chunk.trim() !== '') throw new XmlParseError('text outside the root element');
    }
    if (open < 0) break;
    if (source.startsWith('<?', open)) index = endOf('?>', open);
    else if (source.startsWith('<!--', open)) index = endOf('-->', open);
    else if (source.startsWith('<![CDATA[', open)) {
      index = endOf(']]>', open);
      if (!top) throw new XmlParseError('CDATA outside the root element');
      top.text += source.slice(open + 9, index - 3);
    } else if (source.startsWith('<!', open)) throw new XmlParseError('DTDs are not accepted');
    else if (source[open + 1] === '/') {
      index = endOf('>', open);
      const name = localName(source.slice(open + 2, index - 1).trim());
      const closed = stack.pop();
      if (!closed || closed.name !== name) throw new XmlParseError(`unexpected closing tag </${name}>`);
      if (closed.children.length > 0) closed.text = closed.text.trim();
    } else {
      index = endOf('>', open);
      const inner = source.slice(open + 1, index - 1);
      const selfClosing = inner.endsWith('/');
      const name = localName((selfClosing ? inner.slice(0, -1) : inner).trim().split(/\s/, 1)[0] ?? '');
      if (name === '') throw new XmlParseError('empty tag name');
      const node: XmlNode = { name, children: [], text: '' };
      if (top) top.children.push(node);
      else if (root) throw new XmlParseError('more than one root element');
      else root = node;
      if (!selfClosing) stack.push(node);
    }
  }
  if (stack.length > 0) throw new XmlParseError(`unclosed element <${stack.at(-1)?.name}>`);
  if (!root) throw new XmlParseError('no root element');
  return root;
}

function localName(tag: string): string {
  const colon = tag.indexOf(':');
  return colon < 0 ? tag : tag.slice(colon + 1);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
