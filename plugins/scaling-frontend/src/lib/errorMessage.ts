import { ResponseError } from '@backstage/errors';

/** The backend's own message for a failed request, else the error's message. */
export function errorMessage(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.cause.message || error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
