import {
  AuthService,
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ScalingConfig } from '../config';
import { DatabaseScalingStore } from '../database/ScalingStore';
import { MetricsCollector } from '../metrics/MetricsCollector';
import { ScalingMetricsProvider } from '../metrics/types';
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
  providers: ScalingMetricsProvider[];
}) {
  const { config, catalog, database, auth, logger, providers } = options;
  const { thresholds, scan } = config;
  const store = await DatabaseScalingStore.create({
    database,
    snapshotIntervalMs: scan.snapshotIntervalMs,
  });
  const reader = new CatalogReader(catalog, logger);
  const metrics = new MetricsCollector(providers, logger);
  const assessments = new AssessmentService(reader, metrics, thresholds);
  const scanner = new OrgScanner({
    reader,
    metrics,
    store,
    auth,
    logger,
    thresholds,
    scan,
  });
  const results = new ScanResultsService({
    store,
    reader,
    assessments,
    thresholds,
    scan,
  });
  return { store, reader, assessments, scanner, results };
}
