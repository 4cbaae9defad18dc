import React from 'react';
import {
  StatusError,
  StatusOK,
  StatusAborted,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { AssessmentStatus } from '@scaling-advisor/backstage-plugin-scaling-common';
import { STATUS_LABELS } from '../../lib/labels';

const STATUS_COMPONENTS: Record<
  AssessmentStatus,
  (props: { children?: React.ReactNode }) => JSX.Element
> = {
  'under-provisioned': StatusError,
  'over-provisioned': StatusWarning,
  aligned: StatusOK,
  'insufficient-data': StatusPending,
  'not-applicable': StatusAborted,
};

/** The assessment status with Backstage's status icon and colour. @public */
export function StatusChip(props: { status: AssessmentStatus }) {
  const Status = STATUS_COMPONENTS[props.status];
  return <Status>{STATUS_LABELS[props.status]}</Status>;
}
