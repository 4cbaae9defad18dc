import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scalingEvidenceExtensionPoint } from '@scaling-advisor/backstage-plugin-scaling-node';
import { readRepositoryConfig } from './config';
import { RepositoryStore } from './database/RepositoryStore';
import { RepositoryEvidenceProvider } from './RepositoryEvidenceProvider';
import { RepositoryRefresher } from './RepositoryRefresher';
import { RequestGates } from './refresh/RequestGates';

/**
 * Adds the repository evidence provider to the scaling plugin: on its own schedule it reads the
 * source tree of every catalog Component (`backstage.io/source-location`) through Backstage's
 * UrlReader, so every SCM integration the app has configured works, within a share of the
 * SCM's rate limit, and stores what the deployment files show.
 *
 * @public
 */
export const scalingModuleRepository = createBackendModule({
  pluginId: 'scaling',
  moduleId: 'repository',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        evidence: scalingEvidenceExtensionPoint,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        urlReader,
        auth,
        catalog,
        evidence,
      }) {
        const settings = readRepositoryConfig(config);
        const store = await RepositoryStore.create(database);
        const integrations = ScmIntegrations.fromConfig(config);
        const refresher = new RepositoryRefresher({
          catalog,
          auth,
          urlReader,
          integrations,
          store,
          gates: new RequestGates(integrations, settings.rateLimit),
          logger,
          concurrency: settings.concurrency,
          limits: settings.limits,
          refreshEveryMs: settings.refreshEveryMs,
          pruneAfterMs: settings.pruneAfterMs,
        });
        evidence.addProvider(
          new RepositoryEvidenceProvider(store, listener =>
            refresher.onChange(listener),
          ),
        );
        await scheduler.scheduleTask({
          id: 'scaling-repository-refresh',
          scope: 'global',
          ...settings.schedule,
          fn: async signal => {
            await refresher.refresh(signal);
          },
        });
      },
    });
  },
});
