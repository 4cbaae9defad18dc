import { useRouteRef } from '@backstage/core-plugin-api';
import { rootRouteRef } from '../routes';

/**
 * The overview page's URL, or undefined when the app has not mounted the page. `useRouteRef`
 * throws for an unmounted route only after running all of its hooks, so catching keeps the
 * hook order stable.
 */
export function useOverviewLink(): string | undefined {
  try {
    // eslint-disable-next-line react-hooks/rules-of-hooks
    const routeFunc = useRouteRef(rootRouteRef);
    return routeFunc();
  } catch {
    return undefined;
  }
}
