import React from 'react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import BlockIcon from '@material-ui/icons/Block';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import { Gauge } from '@backstage/core-components';
import {
  Readiness,
  ReadinessItem,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { tierName } from '../../lib/labels';

const useStyles = makeStyles({
  // Backstage's theme cuts dense list texts with an ellipsis; a how-to must be read whole.
  itemText: {
    whiteSpace: 'normal',
    overflow: 'visible',
    textOverflow: 'clip',
    overflowWrap: 'anywhere',
  },
});

/** Blockers first, then the other failed items, then passed, then not applicable. */
export function orderReadinessItems(readiness: Readiness): ReadinessItem[] {
  const blockerIds = new Set(readiness.blockers.map(b => b.id));
  const rank = (item: ReadinessItem) => {
    if (!item.applicable) return 3;
    if (item.passed) return 2;
    return blockerIds.has(item.id) ? 0 : 1;
  };
  return [...readiness.items].sort((a, b) => rank(a) - rank(b));
}

/** The readiness score as a gauge, with an accessible name. @public */
export function ReadinessGauge(props: {
  score: number;
  size?: 'normal' | 'small';
  label?: string;
}) {
  const label = props.label ?? `Readiness score ${props.score}%`;
  return (
    <Box
      role="img"
      aria-label={label}
      title={label}
      width={props.size === 'small' ? 80 : 140}
    >
      <Gauge
        value={props.score}
        max={100}
        fractional={false}
        size={props.size}
      />
    </Box>
  );
}

/**
 * How ready the service is to move to its target tier: the score as a gauge and the checklist,
 * blockers first, with how to fix every failed item.
 *
 * @public
 */
export function ReadinessPanel(props: { readiness: Readiness }) {
  const { readiness } = props;
  const theme = useTheme();
  const classes = useStyles();
  if (readiness.targetTier === null || readiness.score === null) {
    return (
      <Typography variant="body2" color="textSecondary">
        There is no tier to move to: the service is over-provisioned, at the top
        tier, or has no recommendation.
      </Typography>
    );
  }
  const blockers = new Map(readiness.blockers.map(b => [b.id, b.message]));
  const items = orderReadinessItems(readiness);
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={3}>
        <ReadinessGauge
          score={readiness.score}
          label={`Readiness for ${tierName(readiness.targetTier)}: ${readiness.score}%`}
        />
        <Typography variant="body2">
          Ready for <strong>{tierName(readiness.targetTier)}</strong>
        </Typography>
        {readiness.blockers.length > 0 && (
          <Typography variant="body2" color="error">
            {readiness.blockers.length} blocker
            {readiness.blockers.length === 1 ? '' : 's'}
          </Typography>
        )}
      </Grid>
      <Grid item xs={12} md={9}>
        <List dense aria-label="Readiness checklist">
          {items.map(item => {
            const blocker = blockers.get(item.id);
            let icon: React.ReactNode;
            if (!item.applicable) {
              icon = (
                <RemoveCircleOutlineIcon
                  titleAccess="Not applicable"
                  color="disabled"
                />
              );
            } else if (item.passed) {
              icon = (
                <CheckCircleIcon
                  titleAccess="Passed"
                  style={{ color: theme.palette.success.main }}
                />
              );
            } else if (blocker) {
              icon = <BlockIcon titleAccess="Blocker" color="error" />;
            } else {
              icon = <ErrorOutlineIcon titleAccess="Failed" color="action" />;
            }
            return (
              <ListItem key={item.id} alignItems="flex-start">
                <ListItemIcon>{icon}</ListItemIcon>
                <ListItemText
                  className={classes.itemText}
                  primary={
                    <>
                      {item.label}
                      {blocker && (
                        <Typography
                          component="span"
                          variant="body2"
                          color="error"
                        >
                          {' '}
                          — blocker: {blocker}
                        </Typography>
                      )}
                    </>
                  }
                  secondary={
                    <>
                      <span>{item.evidence}</span>
                      {item.applicable && !item.passed && (
                        <>
                          <br />
                          <strong>How to: </strong>
                          {item.howTo}
                        </>
                      )}
                    </>
                  }
                />
              </ListItem>
            );
          })}
        </List>
      </Grid>
    </Grid>
  );
}
