import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createAnnotateCatalogInfoAction } from './actions/annotate';
import { createApplyPracticesAction } from './actions/practices';

/**
 * Adds the Scaling Advisor's actions to the scaffolder: `scaling:catalog-info:annotate`, which
 * the `scaling-annotate` template uses to open a pull request with an entity's missing
 * `scaling.io/` annotations, and `scaling:manifests:apply-practices`, which the
 * `scaling-practices` template uses to add the Kubernetes practices its manifests lack.
 *
 * @public
 */
export const scaffolderModuleScaling = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'scaling',
  register(reg) {
    reg.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(
          createAnnotateCatalogInfoAction(),
          createApplyPracticesAction(),
        );
      },
    });
  },
});
