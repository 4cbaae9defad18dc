/*
 * One backend replica with the scaling plugin, run as its own process so that a test can
 * kill it with SIGKILL mid-scan (see killedReplica.integration.test.ts). Run with
 * `node -r @backstage/cli/config/nodeTransform.cjs replica.ts`; REPLICA_CONFIG holds the
 * app-config as JSON. Its catalog is in memory (the fixture org); its evidence provider
 * takes REPLICA_PAGE_MS per page and prints `page` on stdout each time it is asked, so that
 * the test knows which replica runs the scan.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  EntityEvidence,
  scalingEvidenceExtensionPoint,
} from '@scaling-advisor/backstage-plugin-scaling-node';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_ENTITIES } from '../../__fixtures__/entities';
import { scalingPlugin } from '../../plugin';

const configFile = join(
  mkdtempSync(join(tmpdir(), 'scaling-replica-')),
  'app-config.json',
);
writeFileSync(configFile, process.env.REPLICA_CONFIG ?? '{}');
process.argv = [process.argv[0], process.argv[1], '--config', configFile];

const pageMs = Number(process.env.REPLICA_PAGE_MS ?? 0);

const backend = createBackend();
backend.add(
  createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => new InMemoryCatalogClient({ entities: FIXTURE_ENTITIES }),
  }),
);
backend.add(
  createBackendModule({
    pluginId: 'scaling',
    moduleId: 'slow-evidence',
    register(reg) {
      reg.registerInit({
        deps: { evidence: scalingEvidenceExtensionPoint },
        async init({ evidence }) {
          evidence.addProvider({
            id: 'slow',
            timeoutMs: 30_000,
            async getEvidence() {
              process.stdout.write('page\n');
              await new Promise(resolve => setTimeout(resolve, pageMs));
              return new Map<string, EntityEvidence>();
            },
          });
        },
      });
    },
  }),
);
backend.add(scalingPlugin);
backend.start().then(
  () => process.stdout.write('started\n'),
  error => {
    process.stderr.write(`replica failed to start: ${error}\n`);
    process.exit(1);
  },
);
