import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readScalingConfig } from './config';
import {
  ScalingMetricsProvider,
  scalingMetricsExtensionPoint,
} from './metrics/types';
import { createRouter } from './router';
import { createScalingServices } from './services/createScalingServices';

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
      async init({
        config,
        logger,
        httpRouter,
        httpAuth,
        auth,
        database,
        scheduler,
        catalog,
      }) {
        const scalingConfig = readScalingConfig(config);
        if (providers.length === 0) {
          logger.info(
            'no metrics provider installed: assessing from annotations and the catalog only',
          );
        } else {
          logger.info('metrics providers installed', {
            providers: providers.map(p => p.id).join(', '),
          });
        }

        const { assessments, scanner, results } = await createScalingServices({
          config: scalingConfig,
          catalog,
          database,
          auth,
          logger,
          providers,
        });

        await scheduler.scheduleTask({
          id: 'scaling-org-scan',
          scope: 'global',
          ...scalingConfig.scan.schedule,
          fn: async signal => {
            await scanner.run(signal);
          },
        });

        httpRouter.use(await createRouter({ httpAuth, assessments, results }));
      },
    });
  },
});
