import type { DecodedPacket } from 'dns-packet';
import { normalizeDnsName } from '../../domain/dns-name.js';
import type { AskedQuestion } from './classify.js';

/**
 * Why a decoded packet is not the answer to our query, or undefined when it is. A response must
 * carry our id and echo our question (RFC 5452 §9.1); anything else is unrelated or spoofed.
 */
export function responseMismatch(
  packet: DecodedPacket,
  id: number,
  asked: AskedQuestion,
): string | undefined {
  if (!packet.flag_qr) return 'packet is a query, not a response';
  if (packet.id !== id) return `response id ${packet.id} does not match query id ${id}`;
  const questions = packet.questions ?? [];
  if (questions.length !== 1) return `response carries ${questions.length} questions, expected 1`;
  const question = questions[0];
  if (!question) return 'response carries no question';
  const askedName = normalizeDnsName(asked.name);
  if (normalizeDnsName(question.name) !== askedName) {
    return `response question name "${question.name}" does not match "${askedName}"`;
  }
  if (question.type !== asked.type)
    return `response question type ${question.type} does not match ${asked.type}`;
  const klass = question.class ?? 'IN';
  if (klass !== 'IN') return `response question class ${klass} does not match IN`;
  return undefined;
}
