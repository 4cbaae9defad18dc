import React from 'react';
import { ScalingOrgCardContent } from './ScalingOrgCard';

/** The home-page widget's content (`createCardExtension` / `HomePageWidgetBlueprint`). */
export const Content = (props?: {
  limit?: number;
  owner?: string;
  system?: string;
}) => <ScalingOrgCardContent {...props} />;
