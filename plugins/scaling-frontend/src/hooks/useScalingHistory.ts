import { stringifyEntityRef, Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { scalingApiRef } from '../api';

/** The entity's history; `undefined` while the backend keeps none. Errors are not fatal. */
export function useScalingHistory(
  entity: Entity,
  options?: { skip?: boolean },
) {
  const api = useApi(scalingApiRef);
  const entityRef = stringifyEntityRef(entity);
  const skip = options?.skip ?? false;
  return useAsyncRetry(
    async () => (skip ? undefined : api.getHistory(entityRef, { days: 90 })),
    [api, entityRef, skip],
  );
}
