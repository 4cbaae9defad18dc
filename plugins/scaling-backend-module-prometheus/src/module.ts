import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scalingMetricsExtensionPoint } from '@scaling-advisor/backstage-plugin-scaling-node';
import { CONFIG_KEY } from './config';
import { PrometheusMetricsProvider } from './PrometheusMetricsProvider';

/**
 * Adds the Prometheus metrics provider to the scaling backend plugin, when
 * `scaling.metrics.prometheus` is configured; otherwise it says that it is off, in the log and
 * to the plugin (whose overview then names the key to set).
 *
 * @public
 */
export const scalingModulePrometheus = createBackendModule({
  pluginId: 'scaling',
  moduleId: 'prometheus',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        metrics: scalingMetricsExtensionPoint,
      },
      async init({ config, logger, metrics }) {
        const provider = PrometheusMetricsProvider.fromConfig(config, {
          logger,
        });
        if (!provider) {
          logger.info(
            `${CONFIG_KEY} is not configured: the Prometheus metrics provider is off`,
          );
          // The overview's "What's missing" then names the key instead of the module.
          metrics.addUnconfiguredProvider({
            id: 'prometheus',
            configKey: `${CONFIG_KEY}.baseUrl`,
          });
          return;
        }
        metrics.addProvider(provider);
        logger.info(
          `Prometheus metrics provider: ${provider}, timeout ${provider.timeoutMs} ms`,
        );
      },
    });
  },
});
