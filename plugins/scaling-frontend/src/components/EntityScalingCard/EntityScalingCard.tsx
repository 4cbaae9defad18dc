import React from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ArrowForwardIcon from '@material-ui/icons/ArrowForward';
import {
  CodeSnippet,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Assessment } from '@scaling-advisor/backstage-plugin-scaling-common';
import { useScalingAssessment } from '../../hooks';
import { isScalingAvailable } from '../../lib/availability';
import { tierName } from '../../lib/labels';
import {
  LaunchMigrationButtons,
  migrationOffers,
} from '../LaunchMigrationButton';
import { ReadinessGauge } from '../ReadinessPanel';
import {
  EXAMPLE_ANNOTATIONS,
  annotationsYaml,
  missingInputs,
} from '../ScalingStates';
import { StatusChip } from '../StatusChip';
import { TierChip } from '../TierChip';

function Summary(props: { assessment: Assessment }) {
  const { assessment } = props;
  const { readiness } = assessment;
  if (assessment.status === 'not-applicable') {
    return (
      <Typography variant="body2">
        {assessment.findings.find(f => f.id === 'not-deployable')?.message}
      </Typography>
    );
  }
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
      <Box
        display="flex"
        alignItems="center"
        style={{ gap: 8 }}
        role="group"
        aria-label={`Current tier ${tierName(assessment.currentTier)}, recommended tier ${tierName(
          assessment.recommendedTier,
        )}`}
      >
        <TierChip tier={assessment.currentTier} size="medium" />
        <ArrowForwardIcon fontSize="small" aria-hidden />
        <TierChip tier={assessment.recommendedTier} size="medium" />
      </Box>
      <StatusChip status={assessment.status} />
      {assessment.status === 'insufficient-data' && (
        <>
          <Typography variant="body2">
            Not enough data to compare tiers. Add or fix:
          </Typography>
          <CodeSnippet
            language="yaml"
            text={annotationsYaml(missingInputs(assessment))}
            showCopyCodeButton
          />
        </>
      )}
      {readiness.targetTier && readiness.score !== null && (
        <Box display="flex" alignItems="center" style={{ gap: 12 }}>
          <ReadinessGauge
            score={readiness.score}
            size="small"
            label={`Readiness for ${tierName(readiness.targetTier)}: ${readiness.score}%`}
          />
          <Typography variant="body2">
            Readiness for {tierName(readiness.targetTier)}
            {readiness.blockers.length > 0 &&
              ` · ${readiness.blockers.length} blocker${
                readiness.blockers.length === 1 ? '' : 's'
              }`}
          </Typography>
        </Box>
      )}
      <LaunchMigrationButtons
        templates={migrationOffers(assessment.templates)}
        size="small"
        showTitle={false}
      />
    </Box>
  );
}

/**
 * The Scaling Advisor summary for an entity's overview page: tier, status, readiness and the
 * launch button.
 *
 * @public
 */
export function EntityScalingCard(props: { title?: string }) {
  const { title = 'Scaling Advisor' } = props;
  const { entity } = useEntity();
  const configured = isScalingAvailable(entity);
  const assessment = useScalingAssessment(entity, { skip: !configured });

  let content: React.ReactNode;
  if (!configured) {
    content = (
      <>
        <Typography variant="body2" gutterBottom>
          Scaling Advisor is not configured for this entity. Add these
          annotations to its catalog-info.yaml:
        </Typography>
        <CodeSnippet
          language="yaml"
          text={annotationsYaml(EXAMPLE_ANNOTATIONS)}
          showCopyCodeButton
        />
      </>
    );
  } else if (assessment.loading) {
    content = <Progress />;
  } else if (assessment.error) {
    content = <ResponseErrorPanel error={assessment.error} />;
  } else if (assessment.value) {
    content = <Summary assessment={assessment.value} />;
  }
  return <InfoCard title={title}>{content}</InfoCard>;
}
