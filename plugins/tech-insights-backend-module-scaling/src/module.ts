import { createBackendModule } from '@backstage/backend-plugin-api';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import {
  SCALING_FACT_RETRIEVER_ID,
  scalingFactRetriever,
} from './factRetriever';

/**
 * Adds the Scaling Advisor fact retriever to the tech-insights backend. It runs on the schedule
 * of `techInsights.factRetrievers.scalingAdvisorFactRetriever` (`cadence`, and optionally
 * `lifecycle`, `timeout`, `initialDelay`); without that entry the backend does not schedule it.
 *
 * @public
 */
export const techInsightsModuleScaling = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'scaling',
  register(env) {
    env.registerInit({
      deps: { retrievers: techInsightsFactRetrieversExtensionPoint },
      async init({ retrievers }) {
        retrievers.addFactRetrievers({
          [SCALING_FACT_RETRIEVER_ID]: scalingFactRetriever,
        });
      },
    });
  },
});
