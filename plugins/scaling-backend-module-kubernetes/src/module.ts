import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { actionsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scalingEvidenceExtensionPoint } from '@scaling-advisor/backstage-plugin-scaling-node';
import { readKubernetesConfig } from './config';
import { LiveStore } from './database/LiveStore';
import { KubernetesEvidenceProvider } from './KubernetesEvidenceProvider';
import { KubernetesRefresher } from './KubernetesRefresher';

/**
 * Adds the live cluster's evidence to the scaling plugin: on its own schedule it reads every
 * Kubernetes-annotated Component's objects through the Kubernetes plugin's action
 * (`kubernetes:get-kubernetes-resources-for-entity`, which `backend.actions.pluginSources` must
 * name), and stores what runs: replicas, autoscalers, requests, usage, restarts.
 *
 * @public
 */
export const scalingModuleKubernetes = createBackendModule({
  pluginId: 'scaling',
  moduleId: 'kubernetes',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        actions: actionsServiceRef,
        catalog: catalogServiceRef,
        evidence: scalingEvidenceExtensionPoint,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        auth,
        actions,
        catalog,
        evidence,
      }) {
        const settings = readKubernetesConfig(config);
        const store = await LiveStore.create(database);
        const refresher = new KubernetesRefresher({
          catalog,
          actions,
          auth,
          store,
          logger,
          settings,
        });
        evidence.addProvider(
          new KubernetesEvidenceProvider(store, listener =>
            refresher.onChange(listener),
          ),
        );
        await scheduler.scheduleTask({
          id: 'scaling-kubernetes-refresh',
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
