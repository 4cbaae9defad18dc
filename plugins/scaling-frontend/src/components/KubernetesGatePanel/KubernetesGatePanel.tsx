import React from 'react';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import RadioButtonUncheckedIcon from '@material-ui/icons/RadioButtonUnchecked';
import { useTheme } from '@material-ui/core/styles';
import { KubernetesCriteria } from '@scaling-advisor/backstage-plugin-scaling-common';

/** "2 of 7, 3 required" @public */
export function gateSummary(criteria: KubernetesCriteria): string {
  return `${criteria.met} of ${criteria.items.length}, ${criteria.required} required`;
}

/**
 * The seven Kubernetes criteria, each with whether it holds and the evidence; Kubernetes is
 * recommended only when enough of them hold (docs/rules.md#kubernetes-gate).
 *
 * @public
 */
export function KubernetesGatePanel(props: { criteria: KubernetesCriteria }) {
  const { criteria } = props;
  const theme = useTheme();
  const passes = criteria.met >= criteria.required;
  return (
    <Box>
      <Typography variant="h6" component="p">
        {gateSummary(criteria)}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {passes
          ? 'Enough criteria hold for Kubernetes to be worth its complexity.'
          : 'Kubernetes is not recommended until more of these criteria hold.'}
      </Typography>
      <List dense aria-label="Kubernetes criteria">
        {criteria.items.map(item => (
          <ListItem key={item.id}>
            <ListItemIcon>
              {item.met ? (
                <CheckCircleIcon
                  titleAccess="Met"
                  style={{ color: theme.palette.success.main }}
                />
              ) : (
                <RadioButtonUncheckedIcon
                  titleAccess="Not met"
                  color="disabled"
                />
              )}
            </ListItemIcon>
            <ListItemText primary={item.label} secondary={item.evidence} />
          </ListItem>
        ))}
      </List>
    </Box>
  );
}
