/*
 * A real Backstage backend for development: the catalog with the example org, the scaffolder
 * with the pull-request actions of every SCM host the migration templates support (README,
 * "Supported SCM hosts") and the scaling:catalog-info:annotate action, guest sign-in for the
 * dev app (packages/app), the Kubernetes backend, and the Scaling Advisor with its Prometheus,
 * repository and Kubernetes modules.
 * Started by `npm start` (with the app) or `npm run start:backend` at the repo root.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-bitbucket-cloud'),
);
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-bitbucket-server'),
);
backend.add(
  import('@backstage-community/plugin-scaffolder-backend-module-azure-devops'),
);
backend.add(
  import('@scaling-advisor/backstage-plugin-scaffolder-backend-module-scaling'),
);
// The permission framework (permission.enabled in app-config.yaml) with the allow-all policy:
// who may start a Scaling Advisor scan now (scaling.scan.create) is decided here.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);
backend.add(import('@scaling-advisor/backstage-plugin-scaling-backend'));
backend.add(
  import('@scaling-advisor/backstage-plugin-scaling-backend-module-prometheus'),
);
backend.add(
  import('@scaling-advisor/backstage-plugin-scaling-backend-module-repository'),
);
// The live cluster: the Kubernetes backend (kubernetes.* in the config of
// scripts/demo-kubernetes.js) and the module that reads each Kubernetes-annotated service
// through its action kubernetes:get-kubernetes-resources-for-entity (backend.actions).
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(
  import('@scaling-advisor/backstage-plugin-scaling-backend-module-kubernetes'),
);
// The Scaling Advisor's actions for AI agents over MCP (backend.actions in app-config.yaml).
backend.add(import('@backstage/plugin-mcp-actions-backend'));
// Tech Insights, with JSON-rules checks and the Scaling Advisor's facts (app-config.yaml).
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
);
backend.add(
  import('@scaling-advisor/backstage-plugin-tech-insights-backend-module-scaling'),
);
// Notifications to service owners after each scan (scaling.notifications in app-config.yaml),
// delivered live to the app through the signals backend.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.start();
