/** What `lookout emulate` can start (kept apart from the servers, so the CLI lists them without loading them). */
export const EMULATOR_CHOICES = ['route53', 'slack', 'dns', 'health', 'all'] as const;
export type EmulatorChoice = (typeof EMULATOR_CHOICES)[number];
