import React from 'react';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import ArrowForwardIcon from '@material-ui/icons/ArrowForward';
import { makeStyles } from '@material-ui/core/styles';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ASSESSMENT_STATUSES,
  OverviewItem,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { STATUS_LABELS, formatNumber, tierName } from '../../lib/labels';
import { EntityLink } from '../EntityLink';
import { LaunchMigrationMenu } from '../LaunchMigrationButton';
import { StatusChip } from '../StatusChip';
import { TierChip } from '../TierChip';
import { OrgSummary, useOrgSummary, useOverviewLink } from '../../hooks';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  name: {
    flex: '1 1 160px',
    minWidth: 0,
  },
  counts: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(1),
  },
}));

/** @public */
export interface ScalingOrgCardProps {
  /** Only what this owner owns, e.g. `group:default/payments`. */
  owner?: string;
  /** Only what this system contains, e.g. `system:default/shop`. */
  system?: string;
  title?: string;
  /** How many services to list; default 5. */
  limit?: number;
  variant?: 'gridItem' | 'fullHeight' | 'flex';
}

function Row(props: { item: OverviewItem }) {
  const { item } = props;
  const classes = useStyles();
  return (
    <ListItem divider className={classes.row}>
      <Box className={classes.name}>
        <EntityLink entityRef={item.entityRef} defaultKind="component" />
        <Box>
          <StatusChip status={item.status} />
        </Box>
      </Box>
      <Box
        display="flex"
        alignItems="center"
        style={{ gap: 4 }}
        role="group"
        aria-label={`${item.name}: ${tierName(item.currentTier)} to ${tierName(
          item.recommendedTier,
        )}`}
      >
        <TierChip tier={item.currentTier} />
        <ArrowForwardIcon fontSize="small" aria-hidden />
        <TierChip tier={item.recommendedTier} />
      </Box>
      <Typography variant="body2" style={{ minWidth: 96 }}>
        Readiness{' '}
        {item.readinessScore === null ? '—' : `${item.readinessScore}%`}
      </Typography>
      <LaunchMigrationMenu entityRef={item.entityRef} entityName={item.name} />
    </ListItem>
  );
}

/** The card's body, shared by the card and the home-page widget. */
export function OrgSummaryView(props: { summary: OrgSummary }) {
  const { summary } = props;
  const classes = useStyles();
  return (
    <>
      <Box
        className={classes.counts}
        role="group"
        aria-label="Services by status"
      >
        {ASSESSMENT_STATUSES.map(status => (
          <Typography key={status} variant="body2">
            {STATUS_LABELS[status]}:{' '}
            <strong>{formatNumber(summary.byStatus[status] ?? 0)}</strong>
          </Typography>
        ))}
      </Box>
      {summary.items.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No assessed services here yet.
        </Typography>
      ) : (
        <List dense aria-label="Most urgent services">
          {summary.items.map(item => (
            <Row key={item.entityRef} item={item} />
          ))}
        </List>
      )}
    </>
  );
}

/** The body of the org card without the card around it (used by the home-page widget). */
export function ScalingOrgCardContent(props: ScalingOrgCardProps) {
  const { owner, system, limit = 5 } = props;
  const summary = useOrgSummary({ owner, system }, limit);
  if (summary.loading) {
    return <Progress />;
  }
  if (summary.error) {
    return <ResponseErrorPanel error={summary.error} />;
  }
  return summary.value ? <OrgSummaryView summary={summary.value} /> : null;
}

/**
 * Each service's current → recommended tier, readiness and a launch button, most urgent first
 * (under-provisioned with the lowest readiness), with counts by status and a link to the
 * overview page. Without `owner` or `system` it covers the whole org.
 *
 * @public
 */
export function ScalingOrgCard(props: ScalingOrgCardProps) {
  const { title = 'Scaling Advisor', variant } = props;
  const link = useOverviewLink();
  return (
    <InfoCard
      title={title}
      subheader="Services that should move tier, most urgent first"
      variant={variant}
      deepLink={link ? { title: 'View all services', link } : undefined}
    >
      <ScalingOrgCardContent {...props} />
    </InfoCard>
  );
}

/**
 * The org card on a Group page (what the group owns) or a System page (what it contains).
 *
 * @public
 */
export function EntityScalingOrgCard(
  props: Omit<ScalingOrgCardProps, 'owner' | 'system'>,
) {
  const { entity } = useEntity();
  const ref = stringifyEntityRef(entity);
  const kind = entity.kind.toLocaleLowerCase('en-US');
  let scope: Pick<ScalingOrgCardProps, 'owner' | 'system'> = {};
  if (kind === 'system') {
    scope = { system: ref };
  } else if (kind === 'group' || kind === 'user') {
    scope = { owner: ref };
  }
  return <ScalingOrgCard {...props} {...scope} />;
}
