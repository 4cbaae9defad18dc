import React, { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import Switch from '@material-ui/core/Switch';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Assessment } from '@scaling-advisor/backstage-plugin-scaling-common';
import { scalingApiRef } from '../../api';
import { FindingsList } from '../FindingsList';
import { gateSummary } from '../KubernetesGatePanel';
import { StatusChip } from '../StatusChip';
import { TierChip } from '../TierChip';
import {
  WhatIfValues,
  initialWhatIfValues,
  simulateRequest,
  whatIfSentence,
} from './whatIf';

function Comparison(props: { before: Assessment; after: Assessment }) {
  const { before, after } = props;
  const rows: Array<[string, React.ReactNode, React.ReactNode]> = [
    [
      'Recommended tier',
      <TierChip tier={before.recommendedTier} />,
      <TierChip tier={after.recommendedTier} />,
    ],
    [
      'Status',
      <StatusChip status={before.status} />,
      <StatusChip status={after.status} />,
    ],
    [
      'Kubernetes criteria',
      gateSummary(before.kubernetesCriteria),
      gateSummary(after.kubernetesCriteria),
    ],
    [
      'Readiness',
      before.readiness.score === null ? '—' : `${before.readiness.score}%`,
      after.readiness.score === null ? '—' : `${after.readiness.score}%`,
    ],
  ];
  return (
    <Table size="small" aria-label="What-if comparison">
      <TableHead>
        <TableRow>
          <TableCell />
          <TableCell>Today</TableCell>
          <TableCell>What if</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(([label, a, b]) => (
          <TableRow key={label}>
            <TableCell component="th" scope="row">
              {label}
            </TableCell>
            <TableCell>{a}</TableCell>
            <TableCell>{b}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * What-if: change users, SLA, budget and the Kubernetes criteria, and see how the
 * recommendation would change (`POST /simulate`).
 *
 * @public
 */
export function WhatIfPanel(props: { assessment: Assessment }) {
  const { assessment } = props;
  const { entity } = useEntity();
  const api = useApi(scalingApiRef);
  const [values, setValues] = useState<WhatIfValues>(() =>
    initialWhatIfValues(assessment),
  );
  const [state, setState] = useState<
    | { kind: 'idle' }
    | { kind: 'loading' }
    | { kind: 'done'; result: Assessment }
    | { kind: 'error'; error: Error }
  >({ kind: 'idle' });

  const change =
    (key: keyof WhatIfValues) =>
    (event: React.ChangeEvent<HTMLInputElement | { value: unknown }>) => {
      const target = event.target as HTMLInputElement;
      const value = target.type === 'checkbox' ? target.checked : target.value;
      setValues(v => ({ ...v, [key]: value }));
    };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setState({ kind: 'loading' });
    try {
      const result = await api.simulate(
        simulateRequest(entity.metadata.annotations, values, assessment),
      );
      setState({ kind: 'done', result });
    } catch (error) {
      setState({ kind: 'error', error: error as Error });
    }
  };

  return (
    <Box>
      <form onSubmit={submit} aria-label="What-if simulation">
        <Grid container spacing={2}>
          <Grid item xs={12} sm={4}>
            <TextField
              id="scaling-whatif-users"
              label="Active users"
              type="number"
              inputProps={{ min: 0, step: 1 }}
              value={values.activeUsers}
              onChange={change('activeUsers')}
              fullWidth
            />
          </Grid>
          <Grid item xs={12} sm={4}>
            <TextField
              id="scaling-whatif-sla"
              label="Uptime SLA (%)"
              type="number"
              inputProps={{ min: 0, max: 100, step: 0.01 }}
              value={values.uptimeSla}
              onChange={change('uptimeSla')}
              fullWidth
            />
          </Grid>
          <Grid item xs={12} sm={4}>
            <TextField
              id="scaling-whatif-budget"
              label="Monthly budget (USD)"
              type="number"
              inputProps={{ min: 0, step: 1 }}
              value={values.monthlyBudgetUsd}
              onChange={change('monthlyBudgetUsd')}
              fullWidth
            />
          </Grid>
          <Grid item xs={12} sm={4}>
            <TextField
              id="scaling-whatif-services"
              label="Services in the system"
              type="number"
              inputProps={{ min: 0, step: 1 }}
              value={values.serviceCount}
              onChange={change('serviceCount')}
              fullWidth
            />
          </Grid>
          <Grid item xs={12} sm={4}>
            <TextField
              id="scaling-whatif-strategy"
              select
              SelectProps={{ native: true }}
              InputLabelProps={{ shrink: true }}
              label="Deployment strategy"
              value={values.deploymentStrategy}
              onChange={change('deploymentStrategy')}
              fullWidth
            >
              <option value="">Not set</option>
              <option value="rolling">Rolling</option>
              <option value="blue-green">Blue-green</option>
              <option value="canary">Canary</option>
            </TextField>
          </Grid>
          <Grid item xs={12}>
            <FormControlLabel
              control={
                <Switch
                  checked={values.multiRegionRequired}
                  onChange={change('multiRegionRequired')}
                />
              }
              label="Multi-region required"
            />
            <FormControlLabel
              control={
                <Switch
                  checked={values.teamK8sExpertise}
                  onChange={change('teamK8sExpertise')}
                />
              }
              label="Team has Kubernetes expertise"
            />
            <FormControlLabel
              control={
                <Switch
                  checked={values.serviceMesh}
                  onChange={change('serviceMesh')}
                />
              }
              label="Service mesh required"
            />
          </Grid>
          <Grid item xs={12}>
            <Button
              type="submit"
              variant="contained"
              color="primary"
              disabled={state.kind === 'loading'}
            >
              Simulate
            </Button>{' '}
            <Button
              type="button"
              onClick={() => {
                setValues(initialWhatIfValues(assessment));
                setState({ kind: 'idle' });
              }}
            >
              Reset
            </Button>
          </Grid>
        </Grid>
      </form>
      <Box mt={2} aria-live="polite">
        {state.kind === 'loading' && <Progress />}
        {state.kind === 'error' && <ResponseErrorPanel error={state.error} />}
        {state.kind === 'done' && (
          <Box>
            <Typography variant="h6" component="p" gutterBottom>
              {whatIfSentence(state.result)}
            </Typography>
            <Comparison before={assessment} after={state.result} />
            <Box mt={2}>
              <FindingsList findings={state.result.findings} />
            </Box>
          </Box>
        )}
      </Box>
    </Box>
  );
}
