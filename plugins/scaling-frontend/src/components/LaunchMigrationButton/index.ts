export {
  LaunchMigrationButton,
  LaunchMigrationButtons,
} from './LaunchMigrationButton';
export type { LaunchMigrationButtonProps } from './LaunchMigrationButton';
export { LaunchMigrationMenu } from './LaunchMigrationMenu';
export type { LaunchMigrationMenuProps } from './LaunchMigrationMenu';
