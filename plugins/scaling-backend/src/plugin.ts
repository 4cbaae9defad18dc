import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  ScalingEvidenceProvider,
  ScalingMetricsProvider,
  scalingEvidenceExtensionPoint,
  scalingMetricsExtensionPoint,
} from '@scaling-advisor/backstage-plugin-scaling-node';
import { readScalingConfig } from './config';
import { createRouter } from './router';
import { createScalingServices } from './services/createScalingServices';

const SCAN_TASK = 'scaling-org-scan';

/**
 * Scaling Advisor's backend plugin: assessments of catalog entities under `/api/scaling`,
 * and a scheduled org-wide scan that stores them with their history.
 *
 * @public
 */
export const scalingPlugin = createBackendPlugin({
  pluginId: 'scaling',
  register(env) {
    const metricsProviders: ScalingMetricsProvider[] = [];
    const evidenceProviders: ScalingEvidenceProvider[] = [];
    env.registerExtensionPoint(scalingMetricsExtensionPoint, {
      addProvider(...added) {
        metricsProviders.push(...added);
      },
    });
    env.registerExtensionPoint(scalingEvidenceExtensionPoint, {
      addProvider(...added) {
        evidenceProviders.push(...added);
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
        logger.info('providers installed', {
          metrics: metricsProviders.map(p => p.id).join(', ') || 'none',
          evidence: evidenceProviders.map(p => p.id).join(', ') || 'none',
        });

        const { assessments, scanner, results } = await createScalingServices({
          config: scalingConfig,
          catalog,
          database,
          auth,
          logger,
          metricsProviders,
          evidenceProviders,
        });

        await scheduler.scheduleTask({
          id: SCAN_TASK,
          scope: 'global',
          ...scalingConfig.scan.schedule,
          fn: async signal => {
            await scanner.run(signal);
          },
        });
        // New evidence reaches the overview at once, not at the scan's next period.
        for (const provider of evidenceProviders) {
          provider.onEvidenceChanged?.(() => {
            scheduler.triggerTask(SCAN_TASK).catch(error =>
              logger.warn(
                `could not start a scan after new ${provider.id} evidence`,
                {
                  cause: String(error),
                },
              ),
            );
          });
        }

        httpRouter.use(await createRouter({ httpAuth, assessments, results }));
      },
    });
  },
});
