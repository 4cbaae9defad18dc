import {
  AuthService,
  DatabaseService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ScalingEvidenceProvider,
  ScalingMetricsProvider,
} from '@scaling-advisor/backstage-plugin-scaling-node';
import {
  InstalledProvider,
  orgPolicyFields,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { ScalingConfig } from '../config';
import { DatabaseScalingStore } from '../database/DatabaseScalingStore';
import { EvidenceCollector } from '../providers/EvidenceCollector';
import { MetricsCollector } from '../providers/MetricsCollector';
import { OrgScanner } from '../tasks/OrgScanner';
import { AssessmentService } from './AssessmentService';
import { CatalogReader } from './CatalogReader';
import { ScanResultsService } from './ScanResultsService';

/** Builds the plugin's services from its dependencies: the one place they are wired. */
export async function createScalingServices(options: {
  config: ScalingConfig;
  catalog: CatalogService;
  database: DatabaseService;
  auth: AuthService;
  logger: LoggerService;
  permissions: PermissionsService;
  metricsProviders: ScalingMetricsProvider[];
  evidenceProviders: ScalingEvidenceProvider[];
  /** Every provider module, configured or not, for the overview's coverage hints. */
  installedProviders?: { list(): Promise<InstalledProvider[]> };
}) {
  const { config, catalog, database, auth, logger } = options;
  const { rules, scan } = config;
  const store = await DatabaseScalingStore.create({
    database,
    snapshotIntervalMs: scan.snapshotIntervalMs,
  });
  const reader = new CatalogReader(
    catalog,
    logger,
    orgPolicyFields(rules.policy),
  );
  const assessments = new AssessmentService(
    reader,
    new MetricsCollector(options.metricsProviders, logger),
    new EvidenceCollector(options.evidenceProviders, logger),
    rules,
    () => store.kubernetesServicesByOwner(),
  );
  const scanner = new OrgScanner({
    reader,
    assessments,
    store,
    auth,
    logger,
    scan,
  });
  const results = new ScanResultsService({
    store,
    reader,
    assessments,
    thresholds: rules.thresholds,
    scan,
    logger,
    permissions: options.permissions,
    providers: options.installedProviders,
  });
  return { store, reader, assessments, scanner, results };
}
