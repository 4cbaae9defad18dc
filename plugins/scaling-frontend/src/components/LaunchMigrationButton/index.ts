export {
  AnnotateButton,
  LaunchMigrationButton,
  LaunchMigrationButtons,
  annotateOffer,
  migrationOffers,
} from './LaunchMigrationButton';
export type { LaunchMigrationButtonProps } from './LaunchMigrationButton';
export { LaunchMigrationMenu } from './LaunchMigrationMenu';
export type { LaunchMigrationMenuProps } from './LaunchMigrationMenu';
