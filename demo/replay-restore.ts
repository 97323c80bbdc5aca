import { createRestoreService } from '../lambda/app/restore.js';
import { createRoute53Clients } from '../lambda/app/route53-clients.js';
import type { LookoutConfig } from '../lambda/config/config-schema.js';
import type { Log } from '../lambda/ports/log.js';
import type { Store } from '../lambda/store/store.js';
import type { ReplayWorld } from './replay-world.js';
import { DEMO_NAME } from './replay-zone.js';

/** The on-call engineer restores the record: what `lookout restore` builds, with the operator's credentials. */
export async function restoreAsOperator(
  world: ReplayWorld,
  deps: { out: NodeJS.WritableStream; store: Store; config: LookoutConfig; log: Log; now: () => Date },
): Promise<void> {
  const { out, store, config, log, now } = deps;
  const { endpoint, zoneId, servers } = world;
  out.write(`  on-call (alice) runs: npx lookout restore ${zoneId} ${DEMO_NAME} A --yes\n`);
  // What `lookout restore` builds on the operator's machine, with the operator's credentials.
  const operator = { store, config, log, now };
  const restorer = createRestoreService(
    { ...operator, clients: createRoute53Clients({ endpoint, client: world.client('operator') }) },
    {
      resolvers: [servers[0] as string],
      // The demo's plans live for a fraction of a second; in production the default is 300 s.
      stableSeconds: 0.1,
      pollMs: 200,
      onStep: (step) => out.write(`  restore  ${step.text}\n`),
    },
  );
  await restorer.restore({ zoneId, name: DEMO_NAME, type: 'A', by: 'cli:alice' });
}
