import React from 'react';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import { Finding } from '@scaling-advisor/backstage-plugin-scaling-common';
import { SEVERITY_LABELS } from '../../lib/labels';
import { sortFindings } from '../FindingsList';

const useStyles = makeStyles(theme => ({
  badge: { verticalAlign: 'middle' },
  critical: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  warning: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  info: {},
  list: { margin: 0, paddingLeft: theme.spacing(2) },
}));

/**
 * A row's findings as a count in the colour of the worst one; the tooltip lists them. The
 * accessible name says the count and the worst severity ("2 findings, worst: Warning").
 */
export function FindingsBadge(props: { findings: Finding[] }) {
  const classes = useStyles();
  if (props.findings.length === 0) return <>—</>;
  const sorted = sortFindings(props.findings);
  const worst = sorted[0].severity;
  const count = sorted.length;
  const name = `${count} finding${count === 1 ? '' : 's'}, worst: ${SEVERITY_LABELS[worst]}`;
  return (
    <Tooltip
      title={
        <ul className={classes.list}>
          {sorted.map((f, i) => (
            <li key={`${f.id}-${i}`}>
              {SEVERITY_LABELS[f.severity]}: {f.message}
            </li>
          ))}
        </ul>
      }
    >
      <Chip
        size="small"
        label={count}
        aria-label={name}
        className={`${classes.badge} ${classes[worst]}`}
      />
    </Tooltip>
  );
}
