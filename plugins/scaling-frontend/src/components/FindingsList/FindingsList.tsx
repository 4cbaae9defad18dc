import React from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Alert, AlertTitle } from '@material-ui/lab';
import { Finding } from '@scaling-advisor/backstage-plugin-scaling-common';
import { SEVERITY_LABELS, SEVERITY_ORDER } from '../../lib/labels';

const ALERT_SEVERITY = {
  critical: 'error',
  warning: 'warning',
  info: 'info',
} as const;

/** Findings, most severe first (stable within a severity). @public */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
  );
}

/** The assessment's findings by severity. @public */
export function FindingsList(props: { findings: Finding[] }) {
  if (props.findings.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No findings.
      </Typography>
    );
  }
  return (
    <Box
      display="flex"
      flexDirection="column"
      style={{ gap: 8 }}
      role="list"
      aria-label="Findings"
    >
      {sortFindings(props.findings).map((finding, i) => (
        <Alert
          key={`${finding.id}-${i}`}
          severity={ALERT_SEVERITY[finding.severity]}
          role="listitem"
        >
          <AlertTitle>
            {SEVERITY_LABELS[finding.severity]}: {finding.id}
          </AlertTitle>
          {finding.message}
        </Alert>
      ))}
    </Box>
  );
}
