import React from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import {
  ASSESSMENT_STATUSES,
  ListedStatus,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { STATUS_LABELS, formatNumber } from '../../lib/labels';

/** Status counts that filter the table when pressed (and clear the filter when pressed again). */
export const StatusFilter = React.memo(function StatusFilterInner(props: {
  counts: Record<ListedStatus, number> | undefined;
  selected: ListedStatus | undefined;
  onChange: (status: ListedStatus | undefined) => void;
}) {
  const { counts, selected, onChange } = props;
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      style={{ gap: 8 }}
      role="group"
      aria-label="Filter by status"
    >
      {ASSESSMENT_STATUSES.map(status => {
        const pressed = selected === status;
        const count = counts ? formatNumber(counts[status] ?? 0) : '…';
        return (
          <Button
            key={status}
            variant={pressed ? 'contained' : 'outlined'}
            color={pressed ? 'primary' : 'default'}
            aria-pressed={pressed}
            onClick={() => onChange(pressed ? undefined : status)}
          >
            {STATUS_LABELS[status]}: {count}
          </Button>
        );
      })}
    </Box>
  );
});
