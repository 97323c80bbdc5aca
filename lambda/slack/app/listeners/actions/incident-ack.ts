import type { SlackAppDeps } from '../../deps.js';
import { incidentChangeButton } from './incident-button.js';

/** The root's Acknowledge button. */
export const incidentAck = (deps: SlackAppDeps) => incidentChangeButton(deps, 'ack');
