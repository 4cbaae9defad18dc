import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Who may start an org-wide scan now (`POST /api/scaling/scans`) rather than wait for the
 * schedule. A basic permission: a policy allows or denies it for the caller, with no resource.
 *
 * @public
 */
export const scalingScanCreatePermission = createPermission({
  name: 'scaling.scan.create',
  attributes: { action: 'create' },
});

/**
 * Every permission of Scaling Advisor, as the backend registers them.
 *
 * @public
 */
export const scalingPermissions = [scalingScanCreatePermission];
