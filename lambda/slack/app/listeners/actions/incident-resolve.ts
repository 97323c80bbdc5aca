import type { SlackAppDeps } from '../../deps.js';
import { incidentChangeButton } from './incident-button.js';

/** The root's Resolve button (no note: `/lookout resolve <id> <note>` or Add note give one). */
export const incidentResolve = (deps: SlackAppDeps) => incidentChangeButton(deps, 'resolve');
