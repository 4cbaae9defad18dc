import React from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import WarningIcon from '@material-ui/icons/Warning';
import { makeStyles } from '@material-ui/core/styles';
import {
  ContainerSizing,
  RIGHT_SIZING,
  RightSizing,
  RightSizingVerdict,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { formatCores, formatCpu, formatMemory } from './format';

/** How each verdict reads on its chip. */
export const VERDICT_LABELS: Readonly<Record<RightSizingVerdict, string>> = {
  'over-requested': 'Over-requested',
  'under-requested': 'Under-requested',
  'no-requests': 'No requests',
  'right-sized': 'Right-sized',
};

const useStyles = makeStyles(theme => ({
  /* A path or a quantity (`storefront/catalog-api`, `1.24 cores`) is read whole: never split. */
  unbroken: {
    whiteSpace: 'nowrap',
  },
  /*
   * Lines wrap between words only: a name cut mid-word (`notification s`) reads as two. Should
   * the table still be wider than the card, it scrolls sideways on its own.
   */
  scroller: {
    overflowX: 'auto',
  },
  table: {
    '& th, & td': {
      wordBreak: 'normal',
      overflowWrap: 'normal',
    },
  },
  autoscaler: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  atMax: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    color: theme.palette.warning.dark,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  saving: {
    marginTop: theme.spacing(1.5),
  },
  chip: {
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  'over-requested': {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.getContrastText(theme.palette.warning.main),
  },
  'under-requested': {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.getContrastText(theme.palette.error.main),
  },
  'right-sized': {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.getContrastText(theme.palette.success.main),
  },
  'no-requests': {},
}));

/** Text whose tokens with a `-`, `/` or `:` inside are kept whole (a browser may break there). */
function Unbroken(props: { text: string }) {
  const classes = useStyles();
  return (
    <>
      {props.text.split(/(\s+)/).map((part, i) =>
        /[-/:]./.test(part) ? (
          <span key={i} className={classes.unbroken}>
            {part}
          </span>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** `request → usage → recommended`, each figure kept on one line. */
function Triple(props: { values: string[] }) {
  const classes = useStyles();
  return (
    <>
      {props.values.map((value, i) => (
        <React.Fragment key={i}>
          {i > 0 && ' → '}
          <span className={classes.unbroken}>{value}</span>
        </React.Fragment>
      ))}
    </>
  );
}

function VerdictChip(props: { verdict: RightSizingVerdict }) {
  const classes = useStyles();
  const { verdict } = props;
  return (
    <Chip
      size="small"
      variant={verdict === 'no-requests' ? 'outlined' : 'default'}
      label={VERDICT_LABELS[verdict] ?? verdict}
      className={`${classes.chip} ${classes[verdict] ?? ''}`}
    />
  );
}

/** A request as the table reads it: `none` when the container requests nothing. */
const request = (text: string) => (text === '—' ? 'none' : text);

function ContainerRow(props: { container: ContainerSizing }) {
  const c = props.container;
  return (
    <TableRow>
      <TableCell>
        <Unbroken text={c.workload} />
      </TableCell>
      <TableCell>
        <Unbroken text={c.container} />
      </TableCell>
      <TableCell>
        <Triple
          values={[
            request(formatCpu(c.cpuRequestCores)),
            formatCpu(c.cpuUsageCores),
            formatCpu(c.recommended?.cpuCores),
          ]}
        />
      </TableCell>
      <TableCell>
        <Triple
          values={[
            request(formatMemory(c.memoryRequestBytes)),
            formatMemory(c.memoryUsageBytes),
            formatMemory(c.recommended?.memoryBytes),
          ]}
        />
      </TableCell>
      <TableCell>
        <VerdictChip verdict={c.verdict} />
      </TableCell>
    </TableRow>
  );
}

function AutoscalerLine(props: { autoscaler: RightSizing['autoscaler'] }) {
  const classes = useStyles();
  const { autoscaler } = props;
  return (
    <Box className={classes.autoscaler} role="group" aria-label="Autoscaler">
      {autoscaler ? (
        <>
          <Typography variant="body2" component="span">
            Autoscaler:{' '}
            <span className={classes.unbroken}>
              {autoscaler.min}–{autoscaler.max} replicas
            </span>
            , <span className={classes.unbroken}>{autoscaler.current}</span>{' '}
            running.
          </Typography>
          {autoscaler.atMax && (
            <>
              {' '}
              <Typography
                variant="body2"
                component="span"
                className={classes.atMax}
              >
                <WarningIcon fontSize="small" aria-hidden />
                At its maximum: no room left for more load.
              </Typography>
            </>
          )}
        </>
      ) : (
        <Typography variant="body2" component="span" color="textSecondary">
          No autoscaler: the replicas are fixed.
        </Typography>
      )}
    </Box>
  );
}

/**
 * How the recommendations are made, for the card's subheader: "What the live cluster runs,
 * each container's requests against its busiest pod's usage; recommended: the usage + 30%".
 */
export function rightSizingSummary(): string {
  const headroom = Math.round((RIGHT_SIZING.headroom - 1) * 100);
  return (
    `What the live cluster runs: each container's requests against its busiest pod's usage; ` +
    `recommended: the usage + ${headroom}% (at least ${formatCpu(RIGHT_SIZING.minCpuCores)} ` +
    `CPU and ${formatMemory(RIGHT_SIZING.minMemoryBytes)})`
  );
}

/** What the recommended requests free over the replicas, or that they free nothing. */
export function savingText(saving: RightSizing['saving']): string {
  const parts = [
    saving.cpuCores > 0 ? formatCores(saving.cpuCores) : undefined,
    saving.memoryBytes > 0 ? formatMemory(saving.memoryBytes) : undefined,
  ].filter(Boolean);
  if (parts.length === 0)
    return 'No container is over-requested: the recommended requests free nothing.';
  return `Recommended requests free ${parts.join(' and ')} over the replicas.`;
}

/**
 * What the live cluster says of the service's sizing (docs/rules.md #right-sizing): the
 * autoscaler, each container's requests against its usage and the requests recommended, with
 * a verdict, and what the recommended requests save over the replicas.
 *
 * @public
 */
export function RightSizingPanel(props: { rightSizing: RightSizing }) {
  const classes = useStyles();
  const { containers, autoscaler, saving } = props.rightSizing;
  return (
    <>
      <AutoscalerLine autoscaler={autoscaler} />
      <Box className={classes.scroller}>
        <Table size="small" aria-label="Right-sizing" className={classes.table}>
          <TableHead>
            <TableRow>
              <TableCell>Workload</TableCell>
              <TableCell>Container</TableCell>
              <TableCell>CPU: request → usage → recommended</TableCell>
              <TableCell>Memory: request → usage → recommended</TableCell>
              <TableCell>Verdict</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {containers.map((c, i) => (
              <ContainerRow
                key={`${c.workload}/${c.container}/${i}`}
                container={c}
              />
            ))}
          </TableBody>
        </Table>
      </Box>
      <Typography variant="body2" className={classes.saving}>
        {savingText(saving)}
      </Typography>
    </>
  );
}
