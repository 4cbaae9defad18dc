import React from 'react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Assessment,
  AssessmentEvidence,
  HistoryResponse,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { useScalingAssessment, useScalingHistory } from '../../hooks';
import { isScalingAvailable } from '../../lib/availability';
import { tierName } from '../../lib/labels';
import { ActiveUsersHistoryChart } from '../ActiveUsersHistoryChart';
import { CostComparison } from '../CostComparison';
import { EvidencePanel } from '../EvidencePanel';
import { FindingsList } from '../FindingsList';
import { KubernetesGatePanel, gateSummary } from '../KubernetesGatePanel';
import {
  AnnotateButton,
  FixPracticesButton,
  LaunchMigrationButtons,
  annotateOffer,
  migrationOffers,
  practicesOffer,
} from '../LaunchMigrationButton';
import { PracticesPanel } from '../PracticesPanel';
import { ReadinessPanel } from '../ReadinessPanel';
import { RightSizingPanel, rightSizingSummary } from '../RightSizingPanel';
import {
  InsufficientDataState,
  NotApplicableState,
  NotConfiguredState,
} from '../ScalingStates';
import { SignalsTable } from '../SignalsTable';
import { TierLadder } from '../TierLadder';
import { WhatIfPanel } from '../WhatIfPanel';

function MigrationCard(props: { assessment: Assessment }) {
  const { assessment } = props;
  const target = assessment.readiness.targetTier;
  const migrations = migrationOffers(assessment.templates);
  return (
    <InfoCard
      title="Migration"
      subheader={target ? `Next step: ${tierName(target)}` : 'No move needed'}
      variant="gridItem"
    >
      <CostComparison cost={assessment.cost} />
      <Typography variant="subtitle2" component="h3" style={{ marginTop: 16 }}>
        Templates
      </Typography>
      {migrations.length ? (
        <LaunchMigrationButtons templates={migrations} />
      ) : (
        <Typography variant="body2" color="textSecondary">
          No migration template is offered for this entity.
        </Typography>
      )}
    </InfoCard>
  );
}

/** The Evidence card's subheader: where its facts were read (the repository, the live cluster). */
function evidenceSubheader(evidence: AssessmentEvidence): string {
  const fromCluster = evidence.items.some(i => i.source === 'kubernetes');
  const fromFiles = evidence.items.some(i => i.source !== 'kubernetes');
  if (fromCluster && fromFiles) {
    return "What the service's own deployment files and the live cluster show, each with the file and line or the workload";
  }
  if (fromCluster) {
    return 'What the live cluster runs, each with the workload that shows it';
  }
  return "What the service's own deployment files show, each with the file and line";
}

/** What the repository (or another evidence provider) showed, whatever the status. */
function EvidenceCard(props: { assessment: Assessment }) {
  const evidence = props.assessment.evidence;
  if (
    !evidence ||
    (evidence.items.length === 0 && evidence.thirdParty.length === 0)
  ) {
    return null;
  }
  return (
    <Grid item xs={12}>
      <InfoCard title="Evidence" subheader={evidenceSubheader(evidence)}>
        <EvidencePanel evidence={evidence} />
      </InfoCard>
    </Grid>
  );
}

/**
 * How well the service runs on the tier it is on now, whatever its status; with the practices
 * template's pull request when the backend offers it.
 */
function PracticesCard(props: { assessment: Assessment }) {
  const { practices, templates } = props.assessment;
  if (!practices) {
    return null;
  }
  const fix = practicesOffer(templates);
  return (
    <Grid item xs={12}>
      <InfoCard
        title={`Running well on ${tierName(practices.tier)}`}
        subheader="The scaling guide's practices for the tier it runs on now, each checked against its evidence"
        action={
          fix ? (
            <Box mt={2} mr={2}>
              <FixPracticesButton template={fix} />
            </Box>
          ) : undefined
        }
      >
        <PracticesPanel practices={practices} />
      </InfoCard>
    </Grid>
  );
}

/**
 * What the live cluster says of the service's sizing (the Kubernetes module), whatever its
 * status; left out without cluster data.
 */
function RightSizingCard(props: { assessment: Assessment }) {
  const { rightSizing } = props.assessment;
  if (!rightSizing) {
    return null;
  }
  return (
    <Grid item xs={12}>
      <InfoCard title="Right-sizing" subheader={rightSizingSummary()}>
        <RightSizingPanel rightSizing={rightSizing} />
      </InfoCard>
    </Grid>
  );
}

function HistoryCard(props: { history: HistoryResponse | undefined }) {
  if (!props.history || props.history.snapshots.length === 0) {
    return null;
  }
  return (
    <Grid item xs={12}>
      <InfoCard
        title="Active users"
        subheader="Last 90 days, with tier thresholds and forecast"
      >
        <ActiveUsersHistoryChart history={props.history} />
      </InfoCard>
    </Grid>
  );
}

/** The assessment, laid out as cards. @public */
export function AssessmentView(props: {
  assessment: Assessment;
  history?: HistoryResponse;
}) {
  const { assessment, history } = props;
  const assessedAt = new Date(assessment.assessedAt);
  const subheader = Number.isNaN(assessedAt.getTime())
    ? undefined
    : `Assessed ${assessedAt.toLocaleString()}`;

  if (assessment.status === 'not-applicable') {
    if (!assessment.rightSizing) {
      return <NotApplicableState assessment={assessment} />;
    }
    return (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <NotApplicableState assessment={assessment} />
        </Grid>
        <RightSizingCard assessment={assessment} />
      </Grid>
    );
  }
  if (assessment.status === 'insufficient-data') {
    return (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <InsufficientDataState assessment={assessment} />
        </Grid>
        <PracticesCard assessment={assessment} />
        <RightSizingCard assessment={assessment} />
        <EvidenceCard assessment={assessment} />
        <SignalsAndWhatIf
          assessment={assessment}
          signalsSubheader={subheader}
          whatIfSubheader="Try other values to see a recommendation"
        />
      </Grid>
    );
  }

  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12} md={6}>
        <InfoCard title="Tier" subheader={subheader} variant="gridItem">
          <TierLadder
            currentTier={assessment.currentTier}
            recommendedTier={assessment.recommendedTier}
            status={assessment.status}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <MigrationCard assessment={assessment} />
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Readiness"
          subheader={
            assessment.readiness.targetTier
              ? `To move to ${tierName(assessment.readiness.targetTier)}`
              : undefined
          }
        >
          <ReadinessPanel readiness={assessment.readiness} />
        </InfoCard>
      </Grid>
      <PracticesCard assessment={assessment} />
      <RightSizingCard assessment={assessment} />
      <EvidenceCard assessment={assessment} />
      <Grid item xs={12} md={6}>
        <InfoCard
          title="Kubernetes gate"
          subheader={gateSummary(assessment.kubernetesCriteria)}
          variant="gridItem"
        >
          <KubernetesGatePanel criteria={assessment.kubernetesCriteria} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Findings" variant="gridItem">
          <FindingsList findings={assessment.findings} />
        </InfoCard>
      </Grid>
      <HistoryCard history={history} />
      <SignalsAndWhatIf
        assessment={assessment}
        whatIfSubheader="Change the inputs and see how the recommendation moves"
      />
    </Grid>
  );
}

/**
 * The entity tab of the Scaling Advisor.
 *
 * @public
 */
export function EntityScalingContent() {
  const { entity } = useEntity();
  const configured = isScalingAvailable(entity);
  const assessment = useScalingAssessment(entity, { skip: !configured });
  const history = useScalingHistory(entity, { skip: !configured });

  if (!configured) {
    return <NotConfiguredState />;
  }
  if (assessment.loading) {
    return <Progress />;
  }
  if (assessment.error) {
    return <ResponseErrorPanel error={assessment.error} />;
  }
  if (!assessment.value) {
    return null;
  }
  // History is optional: until the backend keeps it (or when it fails), the chart is left out.
  return (
    <AssessmentView assessment={assessment.value} history={history.value} />
  );
}

/** The signals table and the what-if form, as two full-width rows of the tab's grid. */
function SignalsAndWhatIf(props: {
  assessment: Assessment;
  signalsSubheader?: React.ReactNode;
  whatIfSubheader: string;
}) {
  const { assessment } = props;
  // Where values are missing from the entity's file: a pull request that records them.
  const annotate = annotateOffer(assessment.templates);
  return (
    <>
      <Grid item xs={12}>
        <InfoCard
          title="Signals"
          subheader={props.signalsSubheader}
          action={
            annotate ? (
              <Box mt={2} mr={2}>
                <AnnotateButton template={annotate} />
              </Box>
            ) : undefined
          }
        >
          <SignalsTable
            signals={assessment.signals}
            warnings={assessment.warnings}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="What if" subheader={props.whatIfSubheader}>
          <WhatIfPanel assessment={assessment} />
        </InfoCard>
      </Grid>
    </>
  );
}
