import React from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  AssessmentEvidence,
  EvidenceItem,
  SignalName,
  sourcePhrase,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { VALUE_LABELS, formatSignalValue } from '../../lib/labels';

/** `k8s/deployment.yaml:12`, or the file alone when the line is not known. */
function place(item: EvidenceItem): string | undefined {
  if (!item.file) return undefined;
  return item.line ? `${item.file}:${item.line}` : item.file;
}

/** The reason without the file it already names (`k8s/x.yaml: a probe` → `a probe`). */
function reason(item: EvidenceItem): string {
  return item.file && item.evidence.startsWith(`${item.file}: `)
    ? item.evidence.slice(item.file.length + 2)
    : item.evidence;
}

/**
 * What the evidence providers showed for the service (the repository's files), whatever its
 * status: each fact with its value, the file and line that show it, and whether it is the value
 * in force or one that an annotation (or another source) overrides; and the third-party
 * services seen beside it, which give no evidence.
 *
 * @public
 */
export function EvidencePanel(props: { evidence: AssessmentEvidence }) {
  const { items, thirdParty } = props.evidence;
  return (
    <>
      <Table size="small" aria-label="Repository evidence">
        <TableHead>
          <TableRow>
            <TableCell>Fact</TableCell>
            <TableCell>Value</TableCell>
            <TableCell>Shown by</TableCell>
            <TableCell>Used</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map(item => (
            <TableRow key={`${item.source}:${item.key}`}>
              <TableCell>{VALUE_LABELS[item.key] ?? item.key}</TableCell>
              <TableCell>
                {item.key === 'port'
                  ? String(item.value)
                  : formatSignalValue(item.key as SignalName, item.value)}
              </TableCell>
              <TableCell>
                {place(item) && (
                  <Typography variant="body2" component="div">
                    <code>{place(item)}</code>
                  </Typography>
                )}
                <Typography variant="body2" color="textSecondary">
                  {reason(item)} ({sourcePhrase(item.source)})
                </Typography>
              </TableCell>
              <TableCell>
                {item.used ? 'Yes' : 'No: another source sets it'}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {thirdParty.length > 0 && (
        <Typography variant="body2" style={{ marginTop: 12 }}>
          Beside it, not counted as its evidence: {thirdParty.join(', ')}
        </Typography>
      )}
    </>
  );
}
