import React from 'react';
import { Link } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  entityRouteParams,
  entityRouteRef,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import { useRouteRef } from '@backstage/core-plugin-api';

/**
 * A plain link to an entity page, named from the ref alone. Lists of many rows use it instead
 * of `EntityRefLink`, which looks each entity up for its presentation.
 *
 * @public
 */
export function EntityLink(props: { entityRef: string; defaultKind?: string }) {
  const { entityRef, defaultKind } = props;
  const entityRoute = useRouteRef(entityRouteRef);
  let compound;
  try {
    compound = parseEntityRef(entityRef);
  } catch {
    return <>{entityRef}</>;
  }
  const title = humanizeEntityRef(compound, { defaultKind });
  return (
    <Link to={entityRoute(entityRouteParams(compound))} title={entityRef}>
      {title}
    </Link>
  );
}
