import React from 'react';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import {
  StatusError,
  StatusOK,
  StatusAborted,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { AssessmentStatus } from '@scaling-advisor/backstage-plugin-scaling-common';
import { STATUS_LABELS } from '../../lib/labels';

const STATUS_COMPONENTS: Record<
  AssessmentStatus,
  (props: { children?: React.ReactNode }) => JSX.Element
> = {
  'under-provisioned': StatusError,
  'over-provisioned': StatusWarning,
  aligned: StatusOK,
  'insufficient-data': StatusPending,
  'not-applicable': StatusAborted,
};

const useStyles = makeStyles({
  // Read by screen readers and in the row's text; the tooltip shows it on hover.
  visuallyHidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
  icon: { whiteSpace: 'nowrap' },
});

/** @public */
export interface StatusChipProps {
  status: AssessmentStatus;
  /**
   * The icon alone, with the label as its tooltip and accessible name: for table columns,
   * where "Over-provisioned" would take a column of its own.
   */
  iconOnly?: boolean;
}

/** The assessment status with Backstage's status icon and colour. @public */
export function StatusChip(props: StatusChipProps) {
  const classes = useStyles();
  const Status = STATUS_COMPONENTS[props.status];
  const label = STATUS_LABELS[props.status];
  if (!props.iconOnly) return <Status>{label}</Status>;
  return (
    <Tooltip title={label}>
      <span className={classes.icon}>
        <Status>
          <span className={classes.visuallyHidden}>{label}</span>
        </Status>
      </span>
    </Tooltip>
  );
}
