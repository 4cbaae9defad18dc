import { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * The caller, as a cache key: whatever is cached per caller is never shown to another, whose
 * permissions may differ.
 */
export function callerKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return `${principal.type}:${principal.userEntityRef ?? principal.subject ?? ''}`;
}
