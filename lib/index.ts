// The library entry: Lookout as a construct for your own stacks, and the stack `cdk deploy` uses.
export type { LookoutConfigInput } from './compile-setup.js';
export { Lookout, type LookoutProps } from './lookout.js';
export { LookoutStack, type LookoutStackProps } from './lookout-stack.js';
