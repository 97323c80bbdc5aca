import { RESTORABLE_TYPES } from '../../../domain/route53/restorable-types.js';
import { isDnsName } from '../../../domain/targets.js';

/** A hosted zone id as typed (`/hostedzone/` prefix allowed), or undefined when it is not one. */
export function zoneIdArg(zone: string): string | undefined {
  const id = zone.replace(/^\/?hostedzone\//, '');
  return /^[A-Z0-9]{1,32}$/i.test(id) ? id.toUpperCase() : undefined;
}

/** A record name as Route 53 holds it (a leading `*.` allowed), or undefined. */
export function recordNameArg(name: string): string | undefined {
  return isDnsName(name.replace(/^\*\./, '')) ? name : undefined;
}

export function restorableType(type: string): string | undefined {
  const upper = type.toUpperCase();
  return (RESTORABLE_TYPES as readonly string[]).includes(upper) ? upper : undefined;
}
