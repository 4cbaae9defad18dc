import React from 'react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import HelpOutlineIcon from '@material-ui/icons/HelpOutline';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import {
  PracticeGroup,
  PracticeItem,
  Practices,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  PRACTICE_GROUP_LABELS,
  PRACTICE_GROUP_ORDER,
  PRACTICE_SEVERITY_ORDER,
  tierName,
} from '../../lib/labels';
import { ReadinessGauge } from '../ReadinessPanel';

const useStyles = makeStyles(theme => ({
  /*
   * Backstage's theme cuts dense list texts with an ellipsis; a how-to must be read whole. Words
   * wrap at spaces only (a label broken mid-word reads as two words); a single token wider than
   * the column (a long manifest key in a how-to) is the one thing allowed to break.
   */
  itemText: {
    whiteSpace: 'normal',
    overflow: 'visible',
    textOverflow: 'clip',
    overflowWrap: 'break-word',
  },
  groupHeading: {
    marginTop: theme.spacing(1),
  },
  counts: {
    whiteSpace: 'nowrap',
  },
  unbroken: {
    whiteSpace: 'nowrap',
  },
}));

/**
 * Text whose paths and identifiers (`charts/artist-lookup/templates/deployment.yaml`,
 * `scaling.io/pod-security`) are kept whole: a browser may otherwise break them at a hyphen,
 * and a file name split over two lines reads as two.
 */
function Unbroken(props: { text: string }) {
  const classes = useStyles();
  return (
    <>
      {props.text.split(/(\s+)/).map((part, i) =>
        /[-/]/.test(part) ? (
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

/** Where an item sorts in its group: failed, then unknown, then passed. */
function outcomeRank(item: PracticeItem): number {
  if (item.passed === false) return 0;
  if (item.passed === null) return 1;
  return 2;
}

/**
 * The items by group (security, reliability, observability, cost; empty groups left out),
 * each group failed first, then unknown, then passed; within those, the most severe first.
 */
export function groupPracticeItems(
  items: readonly PracticeItem[],
): Array<{ group: PracticeGroup; items: PracticeItem[] }> {
  return PRACTICE_GROUP_ORDER.map(group => ({
    group,
    items: items
      .filter(item => item.group === group)
      .sort(
        (a, b) =>
          outcomeRank(a) - outcomeRank(b) ||
          PRACTICE_SEVERITY_ORDER.indexOf(a.severity) -
            PRACTICE_SEVERITY_ORDER.indexOf(b.severity),
      ),
  })).filter(g => g.items.length > 0);
}

function OutcomeIcon(props: { passed: boolean | null }) {
  const theme = useTheme();
  if (props.passed === true) {
    return (
      <CheckCircleIcon
        titleAccess="Passed"
        style={{ color: theme.palette.success.main }}
      />
    );
  }
  if (props.passed === false) {
    return <ErrorOutlineIcon titleAccess="Failed" color="error" />;
  }
  return <HelpOutlineIcon titleAccess="Unknown" color="action" />;
}

function PracticeListItem(props: { item: PracticeItem }) {
  const { item } = props;
  const classes = useStyles();
  return (
    <ListItem alignItems="flex-start">
      <ListItemIcon>
        <OutcomeIcon passed={item.passed} />
      </ListItemIcon>
      <ListItemText
        className={classes.itemText}
        primary={
          <>
            {item.label}
            {item.passed !== true && (
              <Typography
                component="span"
                variant="caption"
                color="textSecondary"
              >
                {' '}
                · {item.severity} severity
              </Typography>
            )}
          </>
        }
        secondary={
          <>
            <span>
              <Unbroken text={item.evidence} />
            </span>
            {item.passed !== true && (
              <>
                <br />
                <strong>How to: </strong>
                <Unbroken text={item.howTo} />
              </>
            )}
          </>
        }
      />
    </ListItem>
  );
}

/**
 * How well the service runs on the tier it is on: the share of the tier's practices it follows
 * as a gauge, the counts, and the checklist by group with how to fix each failed or unknown
 * item. Unknown is not failed: nothing shows it either way, and its evidence says what would.
 *
 * @public
 */
export function PracticesPanel(props: { practices: Practices }) {
  const { practices } = props;
  const classes = useStyles();
  const tier = tierName(practices.tier);
  const groups = groupPracticeItems(practices.items);
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={3}>
        <ReadinessGauge
          score={practices.score}
          label={`Practices on ${tier}: ${practices.score}%`}
        />
        <Box mt={1} aria-label="Practice counts" role="group">
          <Typography variant="body2" className={classes.counts}>
            {practices.passed} passed
          </Typography>
          <Typography
            variant="body2"
            className={classes.counts}
            color={practices.failed > 0 ? 'error' : 'textPrimary'}
          >
            {practices.failed} failed
          </Typography>
          <Typography
            variant="body2"
            className={classes.counts}
            color="textSecondary"
          >
            {practices.unknown} unknown
          </Typography>
        </Box>
      </Grid>
      <Grid item xs={12} md={9}>
        {groups.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No practice of the scaling guide applies to this service on {tier}.
          </Typography>
        ) : (
          <List dense disablePadding aria-label="Practices checklist">
            {groups.map(({ group, items }) => {
              const headingId = `scaling-practices-${group}`;
              return (
                <li key={group}>
                  <Typography
                    id={headingId}
                    variant="subtitle2"
                    component="h3"
                    className={classes.groupHeading}
                  >
                    {PRACTICE_GROUP_LABELS[group]}
                  </Typography>
                  <List dense disablePadding aria-labelledby={headingId}>
                    {items.map(item => (
                      <PracticeListItem key={item.id} item={item} />
                    ))}
                  </List>
                </li>
              );
            })}
          </List>
        )}
      </Grid>
    </Grid>
  );
}
