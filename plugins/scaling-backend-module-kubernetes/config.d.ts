import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  scaling?: {
    /** The Kubernetes module: what actually runs, read through the Kubernetes plugin's action. */
    kubernetes?: {
      /** How often every Kubernetes-annotated Component is read; default every 5 minutes. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Entities read at once; default 4. */
      concurrency?: number;
      /** The deadline of one action call, in seconds; default 20. */
      timeoutSeconds?: number;
      /** The action to invoke; default kubernetes:get-kubernetes-resources-for-entity. */
      actionId?: string;
    };
  };
}
