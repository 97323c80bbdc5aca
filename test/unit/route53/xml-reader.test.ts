import { describe, expect, it } from 'vitest';
import { XmlParseError } from '../../../lambda/sources/route53/errors.js';
import { parseXml } from '../../../lambda/sources/route53/xml-reader.js';

describe('Function: parseXml', () => {
  it.each([
    ['<!DOCTYPE x><x/>', 'DTDs are not accepted'],
    ['<a><b></a>', 'unexpected closing tag </a>'],
    ['<a>', 'unclosed element <a>'],
    ['<a/><b/>', 'more than one root element'],
    ['<a', 'unterminated markup at offset 0'],
    ['', 'no root element'],
  ])('refuses %j with a typed XmlParseError (%s)', (source, message) => {
    // Act
    let thrown: unknown;
    try {
      parseXml(source);
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(XmlParseError);
    expect(thrown).toMatchObject({ name: 'XmlParseError', message });
  });

  it('drops namespace prefixes and decodes entities and CDATA', () => {
    // Act
    const root = parseXml('<r:A xmlns:r="ns"><r:B>a &amp; b<![CDATA[ <c> ]]></r:B></r:A>');

    // Assess
    expect(root.name).toBe('A');
    expect(root.children[0]).toEqual({ name: 'B', children: [], text: 'a & b <c> ' });
  });
});
