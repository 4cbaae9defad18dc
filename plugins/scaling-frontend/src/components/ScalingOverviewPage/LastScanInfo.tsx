import React from 'react';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import { LastScan } from '@scaling-advisor/backstage-plugin-scaling-common';
import { formatNumber } from '../../lib/labels';

const formatTime = (iso: string) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
};

/** "Last scan: …", and a banner when the scan is stale. @public */
export function LastScanInfo(props: { lastScan: LastScan | null | undefined }) {
  const { lastScan } = props;
  if (lastScan === undefined) {
    return null;
  }
  if (lastScan === null) {
    return (
      <Typography variant="body2" color="textSecondary">
        Assessed live: no org-wide scan has been stored yet.
      </Typography>
    );
  }
  const when = lastScan.finishedAt
    ? `finished ${formatTime(lastScan.finishedAt)}`
    : `started ${formatTime(lastScan.startedAt)}, still running`;
  const duration =
    lastScan.durationMs !== null
      ? ` in ${Math.round(lastScan.durationMs / 1000)} s`
      : '';
  return (
    <>
      <Typography variant="body2" color="textSecondary">
        Last scan {when} ({formatNumber(lastScan.entities)} entities{duration}).
      </Typography>
      {lastScan.stale && (
        <Alert severity="warning" role="alert">
          This overview may be out of date: the last scan {when}. Numbers can
          differ from each entity's live assessment until the next scan.
        </Alert>
      )}
    </>
  );
}
