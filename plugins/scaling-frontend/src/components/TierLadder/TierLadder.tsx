import React from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  AssessmentStatus,
  TIER_LIST,
  TierId,
  formatCostRange,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { STATUS_LABELS } from '../../lib/labels';
import { StatusChip } from '../StatusChip';

const useStyles = makeStyles(theme => ({
  ladder: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  },
  rung: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    padding: theme.spacing(1, 2),
    borderRadius: theme.shape.borderRadius,
    borderLeft: `8px solid transparent`,
    backgroundColor: theme.palette.background.default,
  },
  marked: {
    boxShadow: theme.shadows[2],
  },
  name: {
    flex: 1,
  },
  markers: {
    display: 'flex',
    gap: theme.spacing(1),
  },
}));

/** @public */
export interface TierLadderProps {
  currentTier: TierId | null;
  recommendedTier: TierId | null;
  status: AssessmentStatus;
}

/**
 * The four tiers as a ladder, highest on top, with where the service is and where it should
 * be.
 *
 * @public
 */
export function TierLadder(props: TierLadderProps) {
  const { currentTier, recommendedTier, status } = props;
  const classes = useStyles();
  const rungs = [...TIER_LIST].reverse();
  return (
    <Box>
      <Box display="flex" alignItems="center" mb={2} style={{ gap: 8 }}>
        <Typography variant="subtitle2" component="span">
          Status:
        </Typography>
        <StatusChip status={status} />
      </Box>
      <ol
        className={classes.ladder}
        aria-label={`Tier ladder: ${STATUS_LABELS[status]}`}
        reversed
      >
        {rungs.map(tier => {
          const isCurrent = tier.id === currentTier;
          const isRecommended = tier.id === recommendedTier;
          const marked = isCurrent || isRecommended;
          return (
            <li
              key={tier.id}
              className={`${classes.rung} ${marked ? classes.marked : ''}`}
              style={{ borderLeftColor: tier.color }}
            >
              <Box className={classes.name}>
                <Typography variant="subtitle1">{tier.name}</Typography>
                <Typography variant="caption" color="textSecondary">
                  {tier.usersLabel} users · SLA {tier.slaLabel} ·{' '}
                  {formatCostRange(tier.costPerMonthUsd)} · ops {tier.opsLoad}
                </Typography>
              </Box>
              <Box className={classes.markers}>
                {isCurrent && (
                  <Chip size="small" variant="outlined" label="Current" />
                )}
                {isRecommended && (
                  <Chip
                    size="small"
                    label="Recommended"
                    style={{ backgroundColor: tier.color, color: '#fff' }}
                  />
                )}
              </Box>
            </li>
          );
        })}
      </ol>
    </Box>
  );
}
