/** Route 53's XML namespace: every response root carries it. */
export const ROUTE53_XMLNS = 'https://route53.amazonaws.com/doc/2013-04-01/';

/** One parsed XML element: its local name (prefix dropped), child elements and concatenated text. */
export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

export class XmlParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlParseError';
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

/**
 * A small, strict-enough XML parser for request bodies the SDK sends (no DTDs, no mixed content
 * that matters). Attributes are skipped: Route 53 request documents carry only `xmlns`.
 */
export function parseXml(source: string): XmlNode {
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  let index = 0;
  while (index < source.length) {
    const open = source.indexOf('<', index);
    const textEnd = open < 0 ? source.length : open;
    if (textEnd > index) {
      const text = source.slice(index, textEnd);
      const top = stack[stack.length - 1];
      if (top) top.text += decodeEntities(text);
      else if (text.trim() !== '') throw new XmlParseError('text outside the root element');
    }
    if (open < 0) break;
    if (source.startsWith('<?', open)) {
      index = endOf(source, '?>', open);
    } else if (source.startsWith('<!--', open)) {
      index = endOf(source, '-->', open);
    } else if (source.startsWith('<![CDATA[', open)) {
      const end = endOf(source, ']]>', open);
      const top = stack[stack.length - 1];
      if (!top) throw new XmlParseError('CDATA outside the root element');
      top.text += source.slice(open + 9, end - 3);
      index = end;
    } else if (source.startsWith('<!', open)) {
      throw new XmlParseError('DTDs are not accepted');
    } else if (source[open + 1] === '/') {
      const end = endOf(source, '>', open);
      const name = localName(source.slice(open + 2, end - 1).trim());
      const top = stack.pop();
      if (!top || top.name !== name) throw new XmlParseError(`unexpected closing tag </${name}>`);
      index = end;
    } else {
      const end = endOf(source, '>', open);
      const inner = source.slice(open + 1, end - 1);
      const selfClosing = inner.endsWith('/');
      const tag = (selfClosing ? inner.slice(0, -1) : inner).trim();
      const name = localName(tag.split(/\s/, 1)[0] ?? '');
      if (name === '') throw new XmlParseError('empty tag name');
      const node: XmlNode = { name, children: [], text: '' };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(node);
      else if (root) throw new XmlParseError('more than one root element');
      else root = node;
      if (!selfClosing) stack.push(node);
      index = end;
    }
  }
  if (stack.length > 0) throw new XmlParseError(`unclosed element <${stack[stack.length - 1]?.name}>`);
  if (!root) throw new XmlParseError('no root element');
  return root;
}

function endOf(source: string, terminator: string, from: number): number {
  const at = source.indexOf(terminator, from);
  if (at < 0) throw new XmlParseError(`unterminated markup at ${from}`);
  return at + terminator.length;
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((candidate) => candidate.name === name);
}

export function childrenNamed(node: XmlNode | undefined, name: string): XmlNode[] {
  return node ? node.children.filter((candidate) => candidate.name === name) : [];
}

/** The trimmed text of a direct child, or undefined when the child is absent. */
export function textOf(node: XmlNode | undefined, name: string): string | undefined {
  const found = child(node, name);
  return found === undefined ? undefined : found.text.trim();
}

/** A child element's content: a string (escaped here), nested elements, or nothing (omitted). */
export type XmlContent = string | number | boolean | XmlElement[] | undefined;
export interface XmlElement {
  name: string;
  content: XmlContent;
}

/** `el('Name', 'x')`: an element whose undefined content makes it disappear from the output. */
export function el(name: string, content: XmlContent): XmlElement {
  return { name, content };
}

export function renderElement(element: XmlElement): string {
  const { name, content } = element;
  if (content === undefined) return '';
  if (Array.isArray(content)) return `<${name}>${content.map(renderElement).join('')}</${name}>`;
  return `<${name}>${escapeXml(String(content))}</${name}>`;
}

/** A whole response document: declaration, namespaced root, children. */
export function renderDocument(root: string, children: XmlElement[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${ROUTE53_XMLNS}">${children
    .map(renderElement)
    .join('')}</${root}>`;
}
