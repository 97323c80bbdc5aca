/** Waits `ms` milliseconds. Injected wherever a wait happens, so tests replace it and never sleep. */
export type Sleep = (ms: number) => Promise<void>;

export const sleep: Sleep = (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms));
