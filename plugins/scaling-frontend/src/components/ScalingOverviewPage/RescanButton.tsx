import React, { useCallback, useEffect, useRef, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import {
  permissionApiRef,
  usePermission,
} from '@backstage/plugin-permission-react';
import { scalingScanCreatePermission } from '@scaling-advisor/backstage-plugin-scaling-common';
import { ScalingScan, scalingApiRef } from '../../api';

/** How often a started scan is asked for its progress. */
export const SCAN_POLL_MS = 2_000;

type RescanState =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'running'; scanId: string }
  | { phase: 'done'; scan: ScalingScan }
  | { phase: 'refused'; message: string };

/** The backend's own message of a failed request (`ResponseError.cause`), else the error's. */
function messageOf(error: unknown): string {
  const cause = (error as { cause?: { message?: unknown } })?.cause;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function describeState(state: RescanState): string | undefined {
  switch (state.phase) {
    case 'running':
      return 'Scan started: the overview refreshes when it has finished.';
    case 'done':
      return state.scan.status === 'completed'
        ? `Scan finished: ${state.scan.entities} entities assessed.`
        : `Scan failed: ${state.scan.error ?? 'unknown error'}`;
    case 'refused':
      return state.message;
    default:
      return undefined;
  }
}

/**
 * "Rescan": starts the org-wide scan now, for users whose permission policy allows
 * `scaling.scan.create` (others, and apps without a permission API, see nothing), follows it,
 * and calls `onFinished` when it is done so the page can show the new last scan.
 *
 * @public
 */
export function RescanButton(props: { onFinished?: () => void }) {
  const hasPermissionApi = Boolean(useApiHolder().get(permissionApiRef));
  return hasPermissionApi ? <PermittedRescanButton {...props} /> : null;
}

function PermittedRescanButton(props: { onFinished?: () => void }) {
  const { onFinished } = props;
  const api = useApi(scalingApiRef);
  const { allowed } = usePermission({
    permission: scalingScanCreatePermission,
  });
  const [state, setState] = useState<RescanState>({ phase: 'idle' });
  const finished = useRef(onFinished);
  finished.current = onFinished;

  const start = useCallback(async () => {
    setState({ phase: 'starting' });
    try {
      const { scanId } = await api.startScan();
      setState({ phase: 'running', scanId });
    } catch (error) {
      setState({ phase: 'refused', message: messageOf(error) });
    }
  }, [api]);

  const runningId = state.phase === 'running' ? state.scanId : undefined;
  useEffect(() => {
    if (!runningId) return undefined;
    let cancelled = false;
    const timer = setInterval(async () => {
      try {
        const scan = await api.getScan(runningId);
        if (cancelled) return;
        if (scan.status === 'completed' || scan.status === 'failed') {
          cancelled = true;
          clearInterval(timer);
          setState({ phase: 'done', scan });
          finished.current?.();
        }
      } catch {
        // A missed poll is retried at the next tick.
      }
    }, SCAN_POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [api, runningId]);

  if (!allowed) return null;
  const busy = state.phase === 'starting' || state.phase === 'running';
  const message = describeState(state);
  return (
    <Box display="inline-flex" alignItems="center" style={{ gap: 8 }}>
      {message && (
        <Typography
          variant="body2"
          role="status"
          color={
            state.phase === 'refused' ||
            (state.phase === 'done' && state.scan.status === 'failed')
              ? 'error'
              : 'textSecondary'
          }
        >
          {message}
        </Typography>
      )}
      <Button
        variant="outlined"
        color="primary"
        startIcon={<RefreshIcon />}
        onClick={start}
        disabled={busy}
      >
        {state.phase === 'running' ? 'Scanning…' : 'Rescan'}
      </Button>
    </Box>
  );
}
