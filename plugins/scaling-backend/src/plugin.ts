import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  ScalingEvidenceProvider,
  ScalingMetricsProvider,
  scalingEvidenceExtensionPoint,
  scalingMetricsExtensionPoint,
} from '@scaling-advisor/backstage-plugin-scaling-node';
import { InstalledProvider } from '@scaling-advisor/backstage-plugin-scaling-common';
import { InstalledProviders } from './providers/InstalledProviders';
import { ScanAfterEvidence } from './tasks/ScanAfterEvidence';
import { registerScalingActions } from './actions/registerScalingActions';
import { readScalingConfig } from './config';
import { createRouter } from './router';
import { createScanNotifier } from './notifications';
import { createScans } from './scans';
import { createScalingServices } from './services/createScalingServices';

const SCAN_TASK = 'scaling-org-scan';

/**
 * Scaling Advisor's backend plugin: assessments of catalog entities under `/api/scaling`,
 * and a scheduled org-wide scan that stores them with their history.
 *
 * @public
 */
export const scalingPlugin = createBackendPlugin({
  pluginId: 'scaling',
  register(env) {
    const metricsProviders: ScalingMetricsProvider[] = [];
    const evidenceProviders: ScalingEvidenceProvider[] = [];
    const unconfigured: InstalledProvider[] = [];
    env.registerExtensionPoint(scalingMetricsExtensionPoint, {
      addProvider(...added) {
        metricsProviders.push(...added);
      },
      addUnconfiguredProvider({ id, configKey }) {
        unconfigured.push({
          id,
          kind: 'metrics',
          configured: false,
          configKey,
        });
      },
    });
    env.registerExtensionPoint(scalingEvidenceExtensionPoint, {
      addProvider(...added) {
        evidenceProviders.push(...added);
      },
      addUnconfiguredProvider({ id, configKey }) {
        unconfigured.push({
          id,
          kind: 'evidence',
          configured: false,
          configKey,
        });
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        actionsRegistry: actionsRegistryServiceRef,
        notifications: notificationService,
        lifecycle: coreServices.lifecycle,
      },
      async init({
        config,
        logger,
        httpRouter,
        httpAuth,
        auth,
        database,
        scheduler,
        catalog,
        permissions,
        permissionsRegistry,
        auditor,
        notifications,
        actionsRegistry,
        lifecycle,
      }) {
        const scalingConfig = readScalingConfig(config);
        const installedProviders = new InstalledProviders(
          [
            ...metricsProviders.map(p => ({
              id: p.id,
              kind: 'metrics' as const,
              configured: true,
            })),
            ...evidenceProviders.map(p => ({
              id: p.id,
              kind: 'evidence' as const,
              configured: true,
            })),
            ...unconfigured,
          ],
          evidenceProviders,
          logger,
        );
        logger.info('providers installed', {
          metrics: metricsProviders.map(p => p.id).join(', ') || 'none',
          evidence: evidenceProviders.map(p => p.id).join(', ') || 'none',
          unconfigured:
            unconfigured.map(p => `${p.id} (${p.configKey})`).join(', ') ||
            'none',
        });

        const { assessments, scanner, results, store } =
          await createScalingServices({
            config: scalingConfig,
            catalog,
            database,
            auth,
            logger,
            permissions,
            metricsProviders,
            evidenceProviders,
            installedProviders,
          });

        const notifier = await createScanNotifier({
          database,
          store,
          notifications,
          logger,
          thresholds: scalingConfig.rules.thresholds,
          config: scalingConfig.notifications,
          retentionDays: scalingConfig.scan.retentionDays,
        });

        const scans = await createScans({
          taskId: SCAN_TASK,
          schedule: scalingConfig.scan.schedule,
          scanner,
          database,
          scheduler,
          permissions,
          permissionsRegistry,
          auditor,
          logger,
        });

        await scheduler.scheduleTask({
          id: SCAN_TASK,
          scope: 'global',
          ...scalingConfig.scan.schedule,
          fn: async signal => {
            const scan = await scans.runScan(signal);
            // Owners hear of what a complete scan found; a failure to notify fails no scan.
            if (scan.status === 'completed') {
              await notifier.notifyAfterScan().catch(error =>
                logger.warn('could not send the scan notifications', {
                  cause: String(error),
                }),
              );
            }
          },
        });
        // New evidence reaches the overview soon, not at the scan's next period.
        const scanAfterEvidence = new ScanAfterEvidence(
          () => scheduler.triggerTask(SCAN_TASK),
          logger,
        );
        lifecycle.addShutdownHook(() => scanAfterEvidence.stop());
        for (const provider of evidenceProviders) {
          provider.onEvidenceChanged?.(() => scanAfterEvidence.changed());
        }

        httpRouter.use(
          await createRouter({
            httpAuth,
            assessments,
            results,
            scans: scans.trigger,
          }),
        );
        registerScalingActions({ actionsRegistry, assessments, results });
      },
    });
  },
});
