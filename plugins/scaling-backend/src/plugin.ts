import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readScalingConfig } from './config';
import { MetricsCollector } from './metrics/MetricsCollector';
import {
  ScalingMetricsProvider,
  scalingMetricsExtensionPoint,
} from './metrics/types';
import { createRouter } from './router';
import { AssessmentService } from './services/AssessmentService';
import { CatalogReader } from './services/CatalogReader';

/**
 * Scaling Advisor's backend plugin: assessments of catalog entities under `/api/scaling`.
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
        catalog: catalogServiceRef,
      },
      async init({ config, logger, httpRouter, httpAuth, catalog }) {
        const { thresholds } = readScalingConfig(config);
        if (providers.length === 0) {
          logger.info(
            'no metrics provider installed: assessing from annotations and the catalog only',
          );
        } else {
          logger.info('metrics providers installed', {
            providers: providers.map(p => p.id).join(', '),
          });
        }
        const assessments = new AssessmentService(
          new CatalogReader(catalog, logger),
          new MetricsCollector(providers, logger),
          thresholds,
        );
        httpRouter.use(await createRouter({ httpAuth, assessments }));
      },
    });
  },
});
