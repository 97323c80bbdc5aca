// Reading is the adapter's reader (lambda/sources/route53/xml-reader.ts); this file adds navigation and writing.
import type { XmlNode } from '../../lambda/sources/route53/xml-reader.js';

export { XmlParseError } from '../../lambda/sources/route53/errors.js';
export { parseXml, type XmlNode } from '../../lambda/sources/route53/xml-reader.js';

/** Route 53's XML namespace: every response root carries it. */
export const ROUTE53_XMLNS = 'https://route53.amazonaws.com/doc/2013-04-01/';

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
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
