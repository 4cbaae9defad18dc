import React, { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Menu from '@material-ui/core/Menu';
import MenuItem from '@material-ui/core/MenuItem';
import LaunchIcon from '@material-ui/icons/Launch';
import { useApi } from '@backstage/core-plugin-api';
import { TemplateOffer } from '@scaling-advisor/backstage-plugin-scaling-common';
import { scalingApiRef } from '../../api';
import { errorMessage } from '../../lib/errorMessage';
import { useTemplateLaunchUrl } from '../../hooks';
import { migrationOffers } from './LaunchMigrationButton';

type LoadState =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'loaded'; templates: TemplateOffer[] }
  | { state: 'failed'; message: string };

/** @public */
export interface LaunchMigrationMenuProps {
  entityRef: string;
  /** For the button's accessible name: "Launch migration for shop". */
  entityName: string;
}

/**
 * A launch button for lists (overview table, org card): the entity's templates are fetched
 * only when the button is pressed, so a page of rows costs no extra requests.
 *
 * @public
 */
export function LaunchMigrationMenu(props: LaunchMigrationMenuProps) {
  const { entityRef, entityName } = props;
  const api = useApi(scalingApiRef);
  const launchUrl = useTemplateLaunchUrl();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [load, setLoad] = useState<LoadState>({ state: 'idle' });
  const menuId = `scaling-launch-${entityRef.replace(/[^a-zA-Z0-9-]/g, '-')}`;

  const open = async (event: React.MouseEvent<HTMLElement>) => {
    setAnchor(event.currentTarget);
    if (load.state === 'loaded' || load.state === 'loading') {
      return;
    }
    setLoad({ state: 'loading' });
    try {
      const assessment = await api.getAssessment(entityRef);
      setLoad({
        state: 'loaded',
        templates: migrationOffers(assessment.templates),
      });
    } catch (e) {
      setLoad({ state: 'failed', message: errorMessage(e) });
    }
  };

  let items: React.ReactNode;
  switch (load.state) {
    case 'loaded':
      items = load.templates.length ? (
        load.templates.map(template => (
          <MenuItem
            key={template.entityRef}
            component={RouterLink}
            to={launchUrl(template)}
            onClick={() => setAnchor(null)}
          >
            {template.title}
          </MenuItem>
        ))
      ) : (
        <MenuItem disabled>No migration template is offered</MenuItem>
      );
      break;
    case 'failed':
      items = (
        <MenuItem disabled>Could not load templates: {load.message}</MenuItem>
      );
      break;
    default:
      items = (
        <MenuItem disabled>
          <CircularProgress size={16} aria-label="Loading templates" />
        </MenuItem>
      );
  }

  return (
    <>
      <Button
        size="small"
        variant="outlined"
        color="primary"
        startIcon={<LaunchIcon />}
        aria-haspopup="true"
        aria-controls={anchor ? menuId : undefined}
        aria-label={`Launch migration for ${entityName}`}
        onClick={open}
      >
        Launch
      </Button>
      <Menu
        id={menuId}
        anchorEl={anchor}
        keepMounted={false}
        open={Boolean(anchor)}
        onClose={() => setAnchor(null)}
      >
        {items}
      </Menu>
    </>
  );
}
