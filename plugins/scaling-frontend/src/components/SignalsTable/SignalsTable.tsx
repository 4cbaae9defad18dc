import React from 'react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import {
  AnnotationWarning,
  Signal,
  SignalName,
  Signals,
  describeSupplied,
  suggestScalingAnnotation,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  SIGNAL_ANNOTATIONS,
  SIGNAL_LABELS,
  formatSignalValue,
} from '../../lib/labels';

/** What to do about a warning, in one sentence. */
export function warningFix(warning: AnnotationWarning): string {
  if (warning.message.startsWith('unknown annotation')) {
    const suggestion = suggestScalingAnnotation(warning.annotation);
    return suggestion
      ? `Rename ${warning.annotation} to ${suggestion}.`
      : `Remove ${warning.annotation}; it is not a Scaling Advisor annotation.`;
  }
  const expected = /^expected (.+?)(, got .*)?$/.exec(warning.message);
  if (expected) {
    return `Set ${warning.annotation} to ${expected[1]}.`;
  }
  return `Check ${warning.annotation} in the entity's catalog-info.yaml.`;
}

function WarningNote(props: { warning: AnnotationWarning }) {
  const { warning } = props;
  return (
    <Alert severity="warning" style={{ marginTop: 4 }}>
      <Typography variant="body2">
        <code>
          {warning.annotation}: {JSON.stringify(warning.value)}
        </code>{' '}
        — {warning.message}
      </Typography>
      <Typography variant="body2">
        <strong>Fix:</strong> {warningFix(warning)}
      </Typography>
    </Alert>
  );
}

/** Where a value came from: the file or rule that supplied it, else the source's name. */
function sourceOf(signal: Signal<unknown> | undefined): string {
  if (!signal?.source) return '—';
  return signal.evidence !== undefined
    ? describeSupplied(signal.source, signal.evidence)
    : signal.source;
}

/** @public */
export interface SignalsTableProps {
  signals: Signals;
  warnings: AnnotationWarning[];
}

/**
 * Every signal with its value, where it came from and the raw annotation, and each annotation
 * warning next to the annotation it concerns.
 *
 * @public
 */
export function SignalsTable(props: SignalsTableProps) {
  const { signals, warnings } = props;
  const names = Object.keys(SIGNAL_LABELS) as SignalName[];
  const signalAnnotations = new Set(Object.values(SIGNAL_ANNOTATIONS));
  const otherWarnings = warnings.filter(
    w => !signalAnnotations.has(w.annotation),
  );

  return (
    <Box>
      <Table size="small" aria-label="Signals">
        <TableHead>
          <TableRow>
            <TableCell>Signal</TableCell>
            <TableCell>Value</TableCell>
            <TableCell>Source</TableCell>
            <TableCell>Annotation</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {names.map(name => {
            const signal = signals[name];
            const annotation = SIGNAL_ANNOTATIONS[name];
            const rowWarnings = annotation
              ? warnings.filter(w => w.annotation === annotation)
              : [];
            return (
              <TableRow key={name}>
                <TableCell component="th" scope="row">
                  {SIGNAL_LABELS[name]}
                </TableCell>
                <TableCell>
                  {formatSignalValue(name, signal?.value ?? null)}
                </TableCell>
                <TableCell>{sourceOf(signal)}</TableCell>
                <TableCell>
                  {annotation && signal?.raw !== undefined ? (
                    <code>
                      {annotation}: {JSON.stringify(signal.raw)}
                    </code>
                  ) : (
                    <Typography variant="body2" color="textSecondary">
                      {annotation ?? 'metrics only'}
                    </Typography>
                  )}
                  {rowWarnings.map((warning, i) => (
                    <WarningNote key={i} warning={warning} />
                  ))}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {otherWarnings.length > 0 && (
        <Box mt={2}>
          <Typography variant="subtitle2" component="h4">
            Other annotation warnings
          </Typography>
          {otherWarnings.map((warning, i) => (
            <WarningNote key={i} warning={warning} />
          ))}
        </Box>
      )}
    </Box>
  );
}
