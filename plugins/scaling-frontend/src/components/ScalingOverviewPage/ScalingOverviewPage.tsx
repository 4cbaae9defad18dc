import React, { useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { OverviewFilters, useOverviewData } from '../../hooks';
import { TierDistributionChart } from '../TierDistributionChart';
import { WhatsMissingCard } from './WhatsMissingCard';
import { PracticesOverviewCard } from './PracticesOverviewCard';
import { RightSizingOverviewCard } from './RightSizingOverviewCard';
import { LastScanInfo } from './LastScanInfo';
import { RescanButton } from './RescanButton';
import { StatusFilter } from './StatusFilter';
import { OverviewFilterBar } from './OverviewFilterBar';
import { OverviewTable, overviewColumns } from './OverviewTable';

/**
 * The org-wide overview without a page header (the new frontend system's page supplies one).
 *
 * @public
 */
export function ScalingOverviewContent(props: {
  initialFilters?: OverviewFilters;
}) {
  const overview = useOverviewData(props.initialFilters);
  const { filters, filterKey, text, totals, page, error } = overview;
  // Bumped when a rescan finishes: the table remounts and asks for the new scan's rows.
  const [refreshes, setRefreshes] = useState(0);
  // Columns carry the sort as `defaultSort`; they are rebuilt only when the table remounts for
  // new filters (its `key`), so the sort the user chose survives a filter change.
  const columns = useMemo(
    () => overviewColumns(overview.currentSort()),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [filterKey],
  );

  return (
    <>
      <ContentHeader title="Services by tier">
        <RescanButton onFinished={() => setRefreshes(n => n + 1)} />
        <Button
          variant="outlined"
          color="primary"
          startIcon={<GetAppIcon />}
          onClick={overview.exportCsv}
          disabled={overview.exporting}
          aria-label="Export CSV"
        >
          Export CSV
        </Button>
      </ContentHeader>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <LastScanInfo lastScan={page?.lastScan} />
        </Grid>
        {overview.exportError && (
          <Grid item xs={12}>
            <ResponseErrorPanel
              error={overview.exportError}
              title="CSV export failed"
            />
          </Grid>
        )}
        <Grid item xs={12} md={5}>
          <InfoCard
            title="Status"
            subheader="Press a status to filter the table"
          >
            <StatusFilter
              counts={totals?.byStatus}
              selected={filters.status}
              onChange={overview.onStatusChange}
            />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={7}>
          <InfoCard title="Current vs recommended tier">
            {totals ? <TierDistributionChart totals={totals} /> : <Progress />}
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <WhatsMissingCard coverage={page?.coverage} />
        </Grid>
        <Grid item xs={12}>
          <PracticesOverviewCard
            practices={overview.practices}
            selected={filters.failingPractice}
            onSelect={overview.onFailingPracticeChange}
          />
        </Grid>
        {page?.rightSizing && page.rightSizing.total.services > 0 && (
          <Grid item xs={12}>
            <RightSizingOverviewCard rightSizing={page.rightSizing} />
          </Grid>
        )}
        <Grid item xs={12}>
          <OverviewFilterBar
            filters={filters}
            owner={text.owner}
            system={text.system}
            search={text.search}
            onText={overview.onText}
            onTierChange={overview.onTierChange}
            onFailingPracticeChange={overview.onFailingPracticeChange}
          />
        </Grid>
        {error && (
          <Grid item xs={12}>
            <ResponseErrorPanel error={error} />
          </Grid>
        )}
        <Grid item xs={12}>
          <Box>
            <OverviewTable
              key={`${filterKey}#${refreshes}`}
              columns={columns}
              data={overview.data}
            />
          </Box>
        </Grid>
      </Grid>
      <Typography variant="caption" color="textSecondary">
        Tiers, colours and thresholds come from the Scaling Advisor's shared
        tier model.
      </Typography>
    </>
  );
}

/**
 * The org-wide overview page (`/scaling`): tier distribution, status counts as filters, and
 * every service with server-side paging, sorting and filters.
 *
 * @public
 */
export function ScalingOverviewPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Scaling Advisor"
        subtitle="Where every service runs, where it should run, and how ready it is to move"
      />
      <Content>
        <ScalingOverviewContent />
      </Content>
    </Page>
  );
}
