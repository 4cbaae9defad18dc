import React from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { CodeSnippet, EmptyState } from '@backstage/core-components';
import {
  Assessment,
  SCALING_ANNOTATIONS,
} from '@scaling-advisor/backstage-plugin-scaling-common';

/** The annotations that give a first assessment, with example values. */
export const EXAMPLE_ANNOTATIONS: ReadonlyArray<[string, string, string]> = [
  [SCALING_ANNOTATIONS.platform, 'ecs-fargate', 'where it runs today'],
  [SCALING_ANNOTATIONS.activeUsers, '2500', 'active users'],
  [SCALING_ANNOTATIONS.uptimeSla, '99.9', 'uptime SLA in percent'],
  [
    SCALING_ANNOTATIONS.monthlyBudgetUsd,
    '1500',
    'monthly infrastructure budget',
  ],
];

/** A copyable `catalog-info.yaml` fragment with the given annotations. */
export function annotationsYaml(
  entries: ReadonlyArray<readonly [string, string, string?]>,
): string {
  const lines = entries.map(
    ([key, value, comment]) =>
      `    ${key}: ${JSON.stringify(value)}${comment ? ` # ${comment}` : ''}`,
  );
  return ['metadata:', '  annotations:', ...lines].join('\n');
}

function Snippet(props: {
  entries: ReadonlyArray<readonly [string, string, string?]>;
}) {
  return (
    <Box minWidth={360} maxWidth={720}>
      <CodeSnippet
        language="yaml"
        text={annotationsYaml(props.entries)}
        showCopyCodeButton
      />
    </Box>
  );
}

/**
 * The entity carries no `scaling.io/` annotation: say which to add, with a copyable snippet.
 *
 * @public
 */
export function NotConfiguredState() {
  return (
    <EmptyState
      missing="field"
      title="Scaling Advisor is not configured for this entity"
      description={
        <>
          Add the <code>scaling.io/</code> annotations below to the entity's{' '}
          <code>catalog-info.yaml</code>: the platform it runs on today, its
          active users, its uptime SLA and its monthly budget. The advisor then
          recommends a tier and shows how ready the service is to move.
        </>
      }
      action={<Snippet entries={EXAMPLE_ANNOTATIONS} />}
    />
  );
}

/** Which of the inputs the recommendation needs are missing from an assessment. */
export function missingInputs(
  assessment: Assessment,
): Array<[string, string, string]> {
  const missing: Array<[string, string, string]> = [];
  const byKey = new Map(EXAMPLE_ANNOTATIONS.map(e => [e[0], e]));
  if (assessment.currentTier === null) {
    missing.push(byKey.get(SCALING_ANNOTATIONS.platform)!);
  }
  if (
    assessment.signals.activeUsers.value === null &&
    assessment.signals.uptimeSla.value === null
  ) {
    missing.push(byKey.get(SCALING_ANNOTATIONS.activeUsers)!);
    missing.push(byKey.get(SCALING_ANNOTATIONS.uptimeSla)!);
  }
  return missing;
}

/**
 * The assessment exists but cannot compare tiers: the platform, or both users and SLA, are
 * unknown (absent or invalid).
 *
 * @public
 */
export function InsufficientDataState(props: { assessment: Assessment }) {
  const missing = missingInputs(props.assessment);
  const invalid = props.assessment.warnings.length > 0;
  return (
    <EmptyState
      missing="data"
      title="Not enough data to compare tiers"
      description={
        <>
          <Typography variant="body1" component="span">
            {props.assessment.currentTier === null
              ? 'The platform the service runs on is unknown. '
              : ''}
            {props.assessment.recommendedTier === null
              ? 'Neither active users nor an uptime SLA is known, so no tier can be recommended. '
              : ''}
            {invalid
              ? 'Some annotations could not be read; see the warnings in the signals below. '
              : ''}
            Add or fix these annotations:
          </Typography>
        </>
      }
      action={missing.length ? <Snippet entries={missing} /> : undefined}
    />
  );
}

/**
 * The entity is not deployed (a library, documentation): it runs on no infrastructure of its
 * own, so there is nothing to assess. Says so in one sentence, from the backend's finding.
 *
 * @public
 */
export function NotApplicableState(props: { assessment: Assessment }) {
  const finding = props.assessment.findings.find(
    f => f.id === 'not-deployable',
  );
  return (
    <EmptyState
      missing="info"
      title="Not a deployed service"
      description={
        finding?.message ??
        'This entity runs on no infrastructure of its own, so it has no tier to assess.'
      }
    />
  );
}
