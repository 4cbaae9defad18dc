import React from 'react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { InfoCard, Progress } from '@backstage/core-components';
import {
  COVERAGE_SIGNALS,
  CoverageSignal,
  OverviewCoverage,
  signalFix,
  sourcePhrase,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { SIGNAL_LABELS, formatNumber } from '../../lib/labels';

/** What the recommendation cannot do without: a current tier, and users or an SLA. */
const NEEDED: readonly CoverageSignal[] = [
  'platform',
  'activeUsers',
  'uptimeSla',
];

/**
 * The signals unknown for at least one listed service: first those a recommendation needs,
 * then the others; each group most often unknown first.
 */
export function missingSignals(coverage: OverviewCoverage): CoverageSignal[] {
  const rank = (s: CoverageSignal) => (NEEDED.includes(s) ? 0 : 1);
  return COVERAGE_SIGNALS.filter(s => coverage.signals[s].unknown > 0).sort(
    (a, b) =>
      rank(a) - rank(b) ||
      coverage.signals[b].unknown - coverage.signals[a].unknown ||
      COVERAGE_SIGNALS.indexOf(a) - COVERAGE_SIGNALS.indexOf(b),
  );
}

/** Providers still gathering: `repository: 38 of 60 repositories read, waiting for …`. */
function gathering(coverage: OverviewCoverage): string[] {
  return coverage.providers.flatMap(p => {
    const progress = p.progress;
    if (!progress || progress.done >= progress.total) return [];
    const waiting =
      progress.waitingFor && progress.waitingUntil
        ? `; waiting for ${progress.waitingFor} until ${new Date(
            progress.waitingUntil,
          ).toLocaleTimeString()}`
        : '';
    return [
      `The ${p.id} provider has read ${formatNumber(progress.done)} of ${formatNumber(progress.total)} ${progress.unit} so far${waiting}.`,
    ];
  });
}

function knownFrom(bySource: Record<string, number>): string {
  const entries = Object.entries(bySource).sort((a, b) => b[1] - a[1]);
  return entries
    .map(([source, n]) => `${sourcePhrase(source)} ${formatNumber(n)}`)
    .join(', ');
}

/**
 * "What's missing": across the listed services, the signals the rules read that are most often
 * unknown, each with where the known values come from and how to fill the rest.
 *
 * @public
 */
export function WhatsMissingCard(props: {
  coverage: OverviewCoverage | undefined;
  /** How many signals to list. Default 6. */
  limit?: number;
}) {
  const { coverage, limit = 6 } = props;
  if (!coverage) {
    return (
      <InfoCard title="What's missing">
        <Progress />
      </InfoCard>
    );
  }
  const missing = missingSignals(coverage).slice(0, limit);
  return (
    <InfoCard
      title="What's missing"
      subheader={`Across the ${formatNumber(coverage.services)} listed services: first what a recommendation needs, then the rest, most often unknown first`}
    >
      {gathering(coverage).map(text => (
        <Typography key={text} variant="body2" role="status">
          {text}
        </Typography>
      ))}
      {missing.length === 0 ? (
        <Typography variant="body2">
          Every signal the rules read is known for every listed service.
        </Typography>
      ) : (
        <List dense aria-label="Missing signals">
          {missing.map(signal => {
            const { known, unknown, bySource } = coverage.signals[signal];
            return (
              <ListItem key={signal} alignItems="flex-start">
                <ListItemText
                  style={{ whiteSpace: 'normal' }}
                  primary={`${SIGNAL_LABELS[signal]}: unknown for ${formatNumber(unknown)} of ${formatNumber(known + unknown)}`}
                  secondary={
                    <>
                      {known > 0 && (
                        <>
                          <span>Known from {knownFrom(bySource)}.</span>
                          <br />
                        </>
                      )}
                      <strong>Fix: </strong>
                      {signalFix(signal, coverage.providers)}
                    </>
                  }
                />
              </ListItem>
            );
          })}
        </List>
      )}
    </InfoCard>
  );
}
