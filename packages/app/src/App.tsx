/*
 * The development app (new frontend system): the catalog, the org pages, the scaffolder and
 * the Scaling Advisor, behind a guest sign-in. `npm start` at the repo root runs it on :3000
 * next to the dev backend on :7007; the end-to-end tests (e2e/) drive it in Chromium.
 */
import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import scalingPlugin from '@scaling-advisor/backstage-plugin-scaling/alpha';
import { signInModule } from './modules/signIn';

const app = createApp({
  features: [
    catalogPlugin,
    orgPlugin,
    scaffolderPlugin,
    scalingPlugin,
    signInModule,
  ],
});

export default app.createRoot();
