import React from 'react';
import { Link as RouterLink } from 'react-router-dom';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import BuildIcon from '@material-ui/icons/Build';
import EditIcon from '@material-ui/icons/Edit';
import LaunchIcon from '@material-ui/icons/Launch';
import { TemplateOffer } from '@scaling-advisor/backstage-plugin-scaling-common';
import { useTemplateLaunchUrl } from '../../hooks';
import { TierChip } from '../TierChip';

/** @public */
export interface LaunchMigrationButtonProps {
  template: TemplateOffer;
  size?: 'small' | 'medium';
  /** Show the template's title and target tier next to the button. */
  showTitle?: boolean;
}

/**
 * The migration offers of an assessment's templates (not the annotate or practices ones). An
 * offer without a purpose, from a backend older than purposes, is a migration.
 *
 * @public
 */
export function migrationOffers(templates: TemplateOffer[]): TemplateOffer[] {
  return templates.filter(t => (t.purpose ?? 'migrate') === 'migrate');
}

/** The annotate offer of an assessment's templates, if the backend made one. @public */
export function annotateOffer(
  templates: TemplateOffer[],
): TemplateOffer | undefined {
  return templates.find(t => t.purpose === 'annotate');
}

/** The practices offer of an assessment's templates, if the backend made one. @public */
export function practicesOffer(
  templates: TemplateOffer[],
): TemplateOffer | undefined {
  return templates.find(t => t.purpose === 'practices');
}

/**
 * "Launch migration": opens the scaffolder's template page with the form pre-filled from the
 * assessment (`?formData=`).
 *
 * @public
 */
export function LaunchMigrationButton(props: LaunchMigrationButtonProps) {
  const { template, size = 'medium', showTitle = false } = props;
  const launchUrl = useTemplateLaunchUrl();
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      <Button
        component={RouterLink}
        to={launchUrl(template)}
        role="link"
        variant="contained"
        color="primary"
        size={size}
        startIcon={<LaunchIcon />}
        aria-label={`Launch migration: ${template.title}`}
      >
        Launch migration
      </Button>
      {showTitle && (
        <>
          <Typography variant="body2">{template.title}</Typography>
          {template.targetTier && <TierChip tier={template.targetTier} />}
        </>
      )}
    </Box>
  );
}

/** One launch button per offered template, or nothing when none is offered. @public */
export function LaunchMigrationButtons(props: {
  templates: TemplateOffer[];
  size?: 'small' | 'medium';
  showTitle?: boolean;
}) {
  const { templates, size, showTitle = true } = props;
  if (templates.length === 0) {
    return null;
  }
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      {templates.map(template => (
        <LaunchMigrationButton
          key={template.entityRef}
          template={template}
          size={size}
          showTitle={showTitle}
        />
      ))}
    </Box>
  );
}

/**
 * "Add the missing annotations": opens the annotate template with the entity's file and the
 * values already known filled in; its pull request records them in catalog-info.yaml.
 *
 * @public
 */
export function AnnotateButton(props: { template: TemplateOffer }) {
  const launchUrl = useTemplateLaunchUrl();
  return (
    <Button
      component={RouterLink}
      to={launchUrl(props.template)}
      role="link"
      variant="outlined"
      color="primary"
      size="small"
      startIcon={<EditIcon />}
      aria-label={`Add the missing annotations: ${props.template.title}`}
    >
      Add the missing annotations
    </Button>
  );
}

/**
 * "Fix in a pull request": opens the practices template with the failing practices and the
 * manifests that show them filled in; its pull request changes those manifests.
 *
 * @public
 */
export function FixPracticesButton(props: { template: TemplateOffer }) {
  const launchUrl = useTemplateLaunchUrl();
  return (
    <Button
      component={RouterLink}
      to={launchUrl(props.template)}
      role="link"
      variant="outlined"
      color="primary"
      size="small"
      startIcon={<BuildIcon />}
      aria-label={`Fix in a pull request: ${props.template.title}`}
      style={{ whiteSpace: 'nowrap' }}
    >
      Fix in a pull request
    </Button>
  );
}
