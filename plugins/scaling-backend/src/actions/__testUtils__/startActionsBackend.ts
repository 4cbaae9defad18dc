import {
  BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { FIXTURE_ENTITIES } from '../../__fixtures__/entities';
import { scalingPlugin } from '../../plugin';

export const OUTSIDER = 'user:default/outsider';

/**
 * The in-memory catalog, except that the outsider may not see `orders`: what the catalog's
 * permission policy would do.
 */
const permissionedCatalog = createServiceFactory({
  service: catalogServiceRef,
  deps: {},
  factory() {
    const catalog = catalogServiceMock({ entities: FIXTURE_ENTITIES });
    const isOutsider = (options?: object) =>
      (
        (options as { credentials?: BackstageCredentials })?.credentials
          ?.principal as { userEntityRef?: string }
      )?.userEntityRef === OUTSIDER;
    const getEntityByRef = catalog.getEntityByRef.bind(catalog);
    const queryEntities = catalog.queryEntities.bind(catalog);
    catalog.getEntityByRef = async (ref, options) => {
      const entity = await getEntityByRef(ref, options);
      if (isOutsider(options) && entity?.metadata.name === 'orders') {
        return undefined;
      }
      return entity;
    };
    catalog.queryEntities = async (req, options) => {
      const response = await queryEntities(req, options);
      if (!isOutsider(options)) return response;
      const items = response.items.filter(e => e.metadata.name !== 'orders');
      return { ...response, items, totalItems: items.length };
    };
    return catalog;
  },
});

/**
 * A backend with the scaling plugin, the real actions registry and actions service (not the
 * test backend's mocks) and the real MCP actions backend, with `scaling` as an action source.
 */
export async function startActionsBackend(knex: Knex) {
  return startTestBackend({
    features: [
      scalingPlugin,
      mcpActionsPlugin,
      actionsRegistryServiceFactory,
      actionsServiceFactory,
      mockServices.database.factory({ knex }),
      permissionedCatalog,
      mockServices.rootConfig.factory({
        data: { backend: { actions: { pluginSources: ['scaling'] } } },
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
}

export const USER = `Bearer ${mockCredentials.user.token('user:default/alice')}`;
export const OUTSIDER_TOKEN = `Bearer ${mockCredentials.user.token(OUTSIDER)}`;
