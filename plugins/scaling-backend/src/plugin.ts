import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readScalingConfig } from './config';
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
        const assessments = new AssessmentService(
          new CatalogReader(catalog, logger),
          thresholds,
        );
        httpRouter.use(await createRouter({ httpAuth, assessments }));
      },
    });
  },
});
