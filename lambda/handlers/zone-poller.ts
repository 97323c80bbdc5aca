// TEMPORARY placeholder written by the CDK work so `cdk synth` can bundle this entry; the lead owns
// lambda/handlers/* and replaces this file with the real zone poller.
export const handler = async (): Promise<never> => {
  throw new Error('zone-poller: placeholder handler, not implemented yet');
};
