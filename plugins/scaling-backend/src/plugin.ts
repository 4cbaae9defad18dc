import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readScalingConfig } from './config';
import { DatabaseScalingStore } from './database/ScalingStore';
import { MetricsCollector } from './metrics/MetricsCollector';
import {
  ScalingMetricsProvider,
  scalingMetricsExtensionPoint,
} from './metrics/types';
import { createRouter } from './router';
import { AssessmentService } from './services/AssessmentService';
import { CatalogReader } from './services/CatalogReader';
import { ScanResultsService } from './services/ScanResultsService';
import { OrgScanner } from './tasks/OrgScanner';

/**
 * Scaling Advisor's backend plugin: assessments of catalog entities under `/api/scaling`,
 * and a scheduled org-wide scan that stores them with their history.
 *
 * @public
 */
export const scalingPlugin = createBackendPlugin({
  pluginId: 'scaling',
  register(env) {
    const providers: ScalingMetricsProvider[] = [];
    env.registerExtensionPoint(scalingMetricsExtensionPoint, {
      addProvider(...added) {
        providers.push(...added);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
      },
      async init({ config, logger, httpRouter, httpAuth, auth, database, scheduler, catalog }) {
        const { thresholds, scan } = readScalingConfig(config);
        if (providers.length === 0) {
          logger.info(
            'no metrics provider installed: assessing from annotations and the catalog only',
          );
        } else {
          logger.info('metrics providers installed', {
            providers: providers.map(p => p.id).join(', '),
          });
        }

        const store = await DatabaseScalingStore.create({ database });
        const reader = new CatalogReader(catalog, logger);
        const metrics = new MetricsCollector(providers, logger);
        const assessments = new AssessmentService(reader, metrics, thresholds);
        const scanner = new OrgScanner({
          reader,
          metrics,
          store,
          auth,
          logger,
          thresholds,
          scan,
        });

        await scheduler.scheduleTask({
          id: 'scaling-org-scan',
          scope: 'global',
          ...scan.schedule,
          fn: async () => {
            await scanner.run();
          },
        });

        httpRouter.use(
          await createRouter({
            httpAuth,
            assessments,
            results: new ScanResultsService({ store, reader, assessments, thresholds, scan }),
          }),
        );
      },
    });
  },
});
