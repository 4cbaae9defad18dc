export {
  AnnotateButton,
  FixPracticesButton,
  LaunchMigrationButton,
  LaunchMigrationButtons,
  annotateOffer,
  migrationOffers,
  practicesOffer,
} from './LaunchMigrationButton';
export type { LaunchMigrationButtonProps } from './LaunchMigrationButton';
export { LaunchMigrationMenu } from './LaunchMigrationMenu';
export type { LaunchMigrationMenuProps } from './LaunchMigrationMenu';
