import React, { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard, Progress } from '@backstage/core-components';
import {
  PracticeId,
  PracticeOverview,
  TIER_LIST,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  PRACTICE_GROUP_LABELS,
  PRACTICE_SEVERITY_ORDER,
  formatNumber,
} from '../../lib/labels';

/** How many practices are listed before "Show all". */
const SHOWN = 10;

const useStyles = makeStyles(theme => ({
  table: {
    // Words wrap at spaces only: a label broken mid-word reads as two words.
    '& th, & td': {
      overflowWrap: 'normal',
      wordBreak: 'normal',
      verticalAlign: 'middle',
      paddingLeft: theme.spacing(1),
      paddingRight: theme.spacing(1),
    },
  },
  nowrap: { whiteSpace: 'nowrap' },
  tiers: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: theme.spacing(1.5),
  },
}));

/**
 * Worst first: the most failed; then the most severe; then by label. (The API lists them most
 * failed first, then most unknown; here a severe practice outranks an unknown-heavy one.)
 */
export function orderPracticeOverview(
  practices: readonly PracticeOverview[],
): PracticeOverview[] {
  return [...practices].sort(
    (a, b) =>
      b.failed - a.failed ||
      PRACTICE_SEVERITY_ORDER.indexOf(a.severity) -
        PRACTICE_SEVERITY_ORDER.indexOf(b.severity) ||
      a.label.localeCompare(b.label, 'en'),
  );
}

/** `Kubernetes 3/5`: of the services on each tier checked for it, how many follow it. */
export function practiceByTier(
  practice: PracticeOverview,
): Array<{ tier: string; text: string; title: string }> {
  return TIER_LIST.flatMap(tier => {
    const counts = practice.byTier[tier.id];
    if (!counts) return [];
    const total = counts.passed + counts.failed + counts.unknown;
    return [
      {
        tier: tier.id,
        text: `${tier.shortName} ${counts.passed}/${total}`,
        title: `${tier.shortName}: ${counts.passed} of ${total} follow it, ${counts.failed} do not, ${counts.unknown} unknown`,
      },
    ];
  });
}

/**
 * "Practices": each practice of the tiers the listed services run on, with how many follow it,
 * do not, or are unknown, overall and by tier; worst first. Pressing a failing count filters
 * the services table to those that fail it (and pressing it again clears the filter).
 *
 * @public
 */
export const PracticesOverviewCard = React.memo(
  function PracticesOverviewCardInner(props: {
    practices: PracticeOverview[] | undefined;
    selected: PracticeId | undefined;
    onSelect: (id: PracticeId | undefined) => void;
  }) {
    const { practices, selected, onSelect } = props;
    const classes = useStyles();
    const [showAll, setShowAll] = useState(false);
    if (!practices) {
      return (
        <InfoCard title="Practices">
          <Progress />
        </InfoCard>
      );
    }
    const ordered = orderPracticeOverview(practices);
    const shown = ordered.filter(
      (p, i) => showAll || i < SHOWN || p.id === selected,
    );
    return (
      <InfoCard
        title="Practices"
        subheader="How the listed services run where they are: each practice of their current tier, most failed first. Press a failing count to list the services that fail it."
      >
        {ordered.length === 0 ? (
          <Typography variant="body2">
            No listed service has a known current tier, so no practice is
            checked yet.
          </Typography>
        ) : (
          <>
            <Table
              size="small"
              aria-label="Practices across the org"
              className={classes.table}
            >
              <TableHead>
                <TableRow>
                  <TableCell>Practice</TableCell>
                  <TableCell>Group</TableCell>
                  <TableCell align="right">Passing</TableCell>
                  <TableCell align="right">Failing</TableCell>
                  <TableCell align="right">Unknown</TableCell>
                  <TableCell>Passing by tier</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {shown.map(practice => {
                  const pressed = practice.id === selected;
                  return (
                    <TableRow key={practice.id} selected={pressed}>
                      <TableCell component="th" scope="row" role="rowheader">
                        {practice.label}
                        <Typography
                          variant="caption"
                          color="textSecondary"
                          component="div"
                        >
                          {practice.severity} severity
                        </Typography>
                      </TableCell>
                      <TableCell className={classes.nowrap}>
                        {PRACTICE_GROUP_LABELS[practice.group]}
                      </TableCell>
                      <TableCell align="right">
                        {formatNumber(practice.passed)}
                      </TableCell>
                      <TableCell align="right">
                        {practice.failed > 0 || pressed ? (
                          <Button
                            size="small"
                            color={pressed ? 'primary' : 'default'}
                            variant={pressed ? 'contained' : 'text'}
                            aria-pressed={pressed}
                            aria-label={`Show the services failing ${practice.label}: ${formatNumber(practice.failed)}`}
                            onClick={() =>
                              onSelect(pressed ? undefined : practice.id)
                            }
                          >
                            {formatNumber(practice.failed)}
                          </Button>
                        ) : (
                          '0'
                        )}
                      </TableCell>
                      <TableCell align="right">
                        {formatNumber(practice.unknown)}
                      </TableCell>
                      <TableCell>
                        <span className={classes.tiers}>
                          {practiceByTier(practice).map(t => (
                            <span
                              key={t.tier}
                              className={classes.nowrap}
                              title={t.title}
                            >
                              {t.text}
                            </span>
                          ))}
                        </span>
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
            {ordered.length > SHOWN && (
              <Box mt={1}>
                <Button
                  size="small"
                  color="primary"
                  aria-expanded={showAll}
                  onClick={() => setShowAll(s => !s)}
                >
                  {showAll
                    ? `Show the ${SHOWN} most failed`
                    : `Show all ${ordered.length} practices`}
                </Button>
              </Box>
            )}
          </>
        )}
      </InfoCard>
    );
  },
);
