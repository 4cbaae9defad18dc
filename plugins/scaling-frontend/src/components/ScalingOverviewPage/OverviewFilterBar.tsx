import React from 'react';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import {
  PRACTICES,
  PracticeId,
  TIER_LIST,
  TierId,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { OverviewFilters, OverviewText } from '../../hooks';
import { PRACTICE_GROUP_LABELS, PRACTICE_GROUP_ORDER } from '../../lib/labels';

const TIER_OPTIONS: Array<{ value: TierId | 'unknown'; label: string }> = [
  ...TIER_LIST.map(t => ({ value: t.id, label: t.shortName })),
  { value: 'unknown', label: 'Unknown' },
];

/** Every practice, by group, for the failing-practice select. */
const PRACTICE_OPTIONS = PRACTICE_GROUP_ORDER.map(group => ({
  group,
  practices: (Object.keys(PRACTICES) as PracticeId[])
    .filter(id => PRACTICES[id].group === group)
    .map(id => ({ value: id, label: PRACTICES[id].label })),
}));

/**
 * The overview's filters: name search, owner, system, the two tier selects and the practice the
 * services fail.
 */
export const OverviewFilterBar = React.memo(function FilterBarInner(
  props: {
    filters: OverviewFilters;
    onTierChange: (
      key: 'currentTier' | 'recommendedTier',
      value: string,
    ) => void;
    onText: (key: keyof OverviewText, value: string) => void;
    onFailingPracticeChange: (value: PracticeId | undefined) => void;
  } & OverviewText,
) {
  const {
    filters,
    onTierChange,
    onFailingPracticeChange,
    owner,
    system,
    search,
    onText,
  } = props;
  return (
    <Grid
      container
      spacing={2}
      component="form"
      role="search"
      aria-label="Filter services"
      onSubmit={(e: React.FormEvent) => e.preventDefault()}
    >
      <Grid item xs={12} sm={6} md={4}>
        <TextField
          id="scaling-filter-search"
          label="Search by name"
          value={search}
          onChange={e => onText('search', e.target.value)}
          fullWidth
        />
      </Grid>
      <Grid item xs={12} sm={6} md={4}>
        <TextField
          id="scaling-filter-owner"
          label="Owner"
          placeholder="group:default/payments"
          value={owner}
          onChange={e => onText('owner', e.target.value)}
          fullWidth
        />
      </Grid>
      <Grid item xs={12} sm={6} md={4}>
        <TextField
          id="scaling-filter-system"
          label="System"
          placeholder="system:default/shop"
          value={system}
          onChange={e => onText('system', e.target.value)}
          fullWidth
        />
      </Grid>
      <Grid item xs={6} md={3}>
        <TierFilter
          id="scaling-filter-current-tier"
          label="Current tier"
          value={filters.currentTier}
          onChange={value => onTierChange('currentTier', value)}
        />
      </Grid>
      <Grid item xs={6} md={3}>
        <TierFilter
          id="scaling-filter-recommended-tier"
          label="Recommended tier"
          value={filters.recommendedTier}
          onChange={value => onTierChange('recommendedTier', value)}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <TextField
          id="scaling-filter-failing-practice"
          select
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
          label="Failing practice"
          value={filters.failingPractice ?? ''}
          onChange={e =>
            onFailingPracticeChange(
              (e.target.value || undefined) as PracticeId | undefined,
            )
          }
          fullWidth
        >
          <option value="">Any</option>
          {PRACTICE_OPTIONS.map(({ group, practices }) => (
            <optgroup key={group} label={PRACTICE_GROUP_LABELS[group]}>
              {practices.map(o => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ))}
        </TextField>
      </Grid>
    </Grid>
  );
});

/** A tier select ("Any", the four tiers, unknown) for one of the overview's tier filters. */
function TierFilter(props: {
  id: string;
  label: string;
  value: string | undefined;
  onChange: (value: string) => void;
}) {
  return (
    <TextField
      id={props.id}
      select
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      label={props.label}
      value={props.value ?? ''}
      onChange={e => props.onChange(e.target.value)}
      fullWidth
    >
      <option value="">Any</option>
      {TIER_OPTIONS.map(o => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </TextField>
  );
}
