import React from 'react';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import {
  TIERS,
  TierId,
} from '@scaling-advisor/backstage-plugin-scaling-common';

const useStyles = makeStyles(theme => ({
  chip: {
    color: theme.palette.common.white,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  unknown: {
    fontStyle: 'italic',
  },
}));

/** @public */
export interface TierChipProps {
  tier: TierId | null | undefined;
  /** Full tier name ("Kubernetes (EKS, AKS, GKE)") instead of the short one. */
  full?: boolean;
  size?: 'small' | 'medium';
}

/** A tier in its colour from `scaling-common`, or "Unknown". @public */
export function TierChip(props: TierChipProps) {
  const { tier, full, size = 'small' } = props;
  const classes = useStyles();
  if (!tier) {
    return (
      <Chip
        size={size}
        variant="outlined"
        label="Unknown"
        className={classes.unknown}
      />
    );
  }
  const info = TIERS[tier];
  return (
    <Chip
      size={size}
      label={full ? info.name : info.shortName}
      className={classes.chip}
      style={{ backgroundColor: info.color }}
      title={info.name}
    />
  );
}
