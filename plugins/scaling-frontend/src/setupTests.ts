import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Role queries check by default that each element is not hidden, which makes jsdom compute
// styles up the tree for every element; with Material UI's stylesheets that takes seconds per
// query. Closed menus and dialogs are unmounted here, so nothing hidden is left to match.
configure({ defaultHidden: true });

// jsdom cannot parse some of the modern CSS that Backstage UI injects when its modules load;
// its virtual console reports each stylesheet as an error, which buries real failures.
/* eslint-disable no-console */
const originalError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  const first = args[0];
  const message = first instanceof Error ? first.message : String(first);
  if (message.includes('Could not parse CSS stylesheet')) {
    return;
  }
  originalError(...args);
};
/* eslint-enable no-console */

// Charts size themselves with ResizeObserver, which browsers have and jsdom does not.
if (!('ResizeObserver' in globalThis)) {
  (globalThis as any).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

// The test machines are shared; a render of the overview table can take seconds under load.
jest.setTimeout(20_000);
