import { stringifyEntityRef, Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { scalingApiRef } from '../api';

/** The entity's assessment from the backend, refetchable with `retry`. */
export function useScalingAssessment(
  entity: Entity,
  options?: { skip?: boolean },
) {
  const api = useApi(scalingApiRef);
  const entityRef = stringifyEntityRef(entity);
  const skip = options?.skip ?? false;
  return useAsyncRetry(
    async () => (skip ? undefined : api.getAssessment(entityRef)),
    [api, entityRef, skip],
  );
}
