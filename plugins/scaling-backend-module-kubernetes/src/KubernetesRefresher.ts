import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ActionsService } from '@backstage/backend-plugin-api/alpha';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { KubernetesSettings } from './config';
import { LiveStore } from './database/LiveStore';
import { interpretCluster } from './interpret/interpretCluster';

/** The annotations by which the Kubernetes plugin finds an entity's objects. */
export const KUBERNETES_ANNOTATIONS = [
  'backstage.io/kubernetes-id',
  'backstage.io/kubernetes-label-selector',
] as const;

/** Whether the Kubernetes plugin can find the entity's objects. */
export function isOnKubernetes(annotations: Record<string, string> = {}) {
  return KUBERNETES_ANNOTATIONS.some(a => Boolean(annotations[a]?.trim()));
}

class Deadline extends Error {}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(
        () => reject(new Deadline(`no answer within ${ms / 1000} s`)),
        ms,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

function messageOf(error: unknown): string {
  const e = error as { message?: unknown; name?: unknown };
  return String(e?.message ?? error).slice(0, 500);
}

/**
 * Reads, on the module's own schedule, the live objects of every Kubernetes-annotated Component
 * through the Kubernetes plugin's action (bounded concurrency, a deadline per call), and stores
 * what they show, so that assessments read the store and never wait for a cluster.
 */
export class KubernetesRefresher {
  private unavailableReason: string | undefined;
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly options: {
      catalog: CatalogService;
      actions: ActionsService;
      auth: AuthService;
      store: LiveStore;
      logger: LoggerService;
      settings: KubernetesSettings;
    },
  ) {}

  onChange(listener: () => void) {
    this.listeners.push(listener);
  }

  private async entities(credentials: BackstageCredentials): Promise<Entity[]> {
    const { items } = await this.options.catalog.getEntities(
      {
        filter: KUBERNETES_ANNOTATIONS.map(a => ({
          kind: 'Component',
          [`metadata.annotations.${a}`]: CATALOG_FILTER_EXISTS,
        })),
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
        ],
      },
      { credentials },
    );
    return items.filter(e => isOnKubernetes(e.metadata.annotations));
  }

  /** Whether the action is offered: the Kubernetes plugin installed and in pluginSources. */
  private async checkAction(credentials: BackstageCredentials) {
    const { actionId } = this.options.settings;
    try {
      const { actions } = await this.options.actions.list({ credentials });
      this.unavailableReason = actions.some(a => a.id === actionId)
        ? undefined
        : `the action ${actionId} is not offered: install @backstage/plugin-kubernetes-backend and name its plugin in backend.actions.pluginSources (kubernetes)`;
    } catch (error) {
      this.unavailableReason = `the actions service could not list the actions (${messageOf(error)})`;
    }
  }

  /** One pass over every Kubernetes-annotated Component. */
  async refresh(
    signal?: AbortSignal,
  ): Promise<{ read: number; failed: number }> {
    const { auth, store, logger, settings } = this.options;
    const started = Date.now();
    const credentials = await auth.getOwnServiceCredentials();
    const entities = await this.entities(credentials);
    const wasUnavailable = this.unavailableReason;
    await this.checkAction(credentials);
    let read = 0;
    let failed = 0;
    if (!this.unavailableReason) {
      let next = 0;
      const worker = async () => {
        while (next < entities.length && !signal?.aborted) {
          const entity = entities[next++];
          const ok = await this.readOne(entity, credentials);
          if (ok) read++;
          else failed++;
        }
      };
      await Promise.all(
        Array.from(
          { length: Math.min(settings.concurrency, entities.length) },
          worker,
        ),
      );
    } else {
      // Stored per entity, so that every replica's assessments say so.
      logger.warn(
        `Live Kubernetes evidence unavailable: ${this.unavailableReason}`,
      );
      const at = new Date();
      for (const entity of entities) {
        await store.putError(
          stringifyEntityRef(entity),
          this.unavailableReason,
          at,
        );
        failed++;
      }
    }
    await store.pruneExcept(entities.map(e => stringifyEntityRef(e)));
    if (read > 0 || failed > 0 || wasUnavailable !== this.unavailableReason)
      for (const listener of this.listeners) listener();
    logger.info('kubernetes refresh finished', {
      entities: entities.length,
      read,
      failed,
      durationMs: Date.now() - started,
    });
    return { read, failed };
  }

  private async readOne(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const { actions, store, settings } = this.options;
    const ref = stringifyEntityRef(entity);
    try {
      const { output } = await withDeadline(
        actions.invoke({
          id: settings.actionId,
          input: {
            name: entity.metadata.name,
            kind: entity.kind,
            namespace: entity.metadata.namespace ?? 'default',
          },
          credentials,
        }),
        settings.timeoutMs,
      );
      const items = (output as { items?: unknown } | null)?.items;
      const evidence = interpretCluster(items, settings.platforms);
      const down = evidence.problems?.find(
        p => p.id === 'kubernetes-unavailable',
      );
      if (down && (evidence.workloads ?? []).length === 0) {
        // Errors only: the last good read is kept, with the error beside it.
        await store.putError(ref, down.message, new Date());
        return false;
      }
      await store.putRead(ref, evidence, new Date());
      return true;
    } catch (error) {
      await store.putError(ref, messageOf(error), new Date());
      return false;
    }
  }
}
