import http from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import type { KubeObject } from '../__fixtures__/cluster';

export type { KubeObject, KubeObjectMeta } from '../__fixtures__/cluster';

/** A resource type the server lists, as the API server's discovery would describe it. */
export interface ServedResource {
  /** `''` for the core group (`/api/v1`). */
  group: string;
  /** Every version it answers on; objects are returned as stored (no schema conversion). */
  versions: string[];
  plural: string;
  kind: string;
  namespaced: boolean;
}

/** The resource types served out of the box: what the Kubernetes backend asks for, and a few more. */
export const SERVED_RESOURCES: readonly ServedResource[] = [
  ...(
    [
      ['pods', 'Pod'],
      ['services', 'Service'],
      ['configmaps', 'ConfigMap'],
      ['secrets', 'Secret'],
      ['limitranges', 'LimitRange'],
      ['resourcequotas', 'ResourceQuota'],
      ['persistentvolumeclaims', 'PersistentVolumeClaim'],
      ['events', 'Event'],
    ] as const
  ).map(([plural, kind]) => ({
    group: '',
    versions: ['v1'],
    plural,
    kind,
    namespaced: true,
  })),
  {
    group: '',
    versions: ['v1'],
    plural: 'persistentvolumes',
    kind: 'PersistentVolume',
    namespaced: false,
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'nodes',
    kind: 'Node',
    namespaced: false,
  },
  ...(
    [
      ['deployments', 'Deployment'],
      ['replicasets', 'ReplicaSet'],
      ['statefulsets', 'StatefulSet'],
      ['daemonsets', 'DaemonSet'],
    ] as const
  ).map(([plural, kind]) => ({
    group: 'apps',
    versions: ['v1'],
    plural,
    kind,
    namespaced: true,
  })),
  {
    group: 'autoscaling',
    versions: ['v2', 'v1'],
    plural: 'horizontalpodautoscalers',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
  },
  {
    group: 'batch',
    versions: ['v1'],
    plural: 'jobs',
    kind: 'Job',
    namespaced: true,
  },
  {
    group: 'batch',
    versions: ['v1'],
    plural: 'cronjobs',
    kind: 'CronJob',
    namespaced: true,
  },
  {
    group: 'networking.k8s.io',
    versions: ['v1'],
    plural: 'ingresses',
    kind: 'Ingress',
    namespaced: true,
  },
  {
    group: 'policy',
    versions: ['v1'],
    plural: 'poddisruptionbudgets',
    kind: 'PodDisruptionBudget',
    namespaced: true,
  },
  {
    group: 'metrics.k8s.io',
    versions: ['v1beta1'],
    plural: 'pods',
    kind: 'PodMetrics',
    namespaced: true,
  },
  {
    group: 'metrics.k8s.io',
    versions: ['v1beta1'],
    plural: 'nodes',
    kind: 'NodeMetrics',
    namespaced: false,
  },
];

/** One request the server received, recorded when it arrived (also while down or delayed). */
export interface RecordedRequest {
  method: string;
  /** The path without the query, e.g. `/apis/apps/v1/deployments`. */
  path: string;
  /** The decoded query parameters, e.g. `{ labelSelector: 'backstage.io/kubernetes-id=petstore' }`. */
  query: Record<string, string>;
  /** The `Authorization` header as sent, if any. */
  authorization?: string;
  /** When it arrived (`Date.now()`). */
  receivedAt: number;
  /** The status code answered; `undefined` while pending, `0` when the connection was reset. */
  status?: number;
}

/** How the server is "down": answering 503 (the default) or resetting every connection. */
export type DownMode = 'unavailable' | 'reset';

export interface KubernetesApiServerOptions {
  /** When set, a request without `Authorization: Bearer <token>` is answered 401. */
  token?: string;
  /** Resource types to serve in addition to {@link SERVED_RESOURCES}, e.g. custom resources. */
  extraResources?: ServedResource[];
}

/** Kubernetes' `Status` object, the body of every error answer. */
function status(code: number, reason: string, message: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    details: {},
    code,
  };
}

class SelectorError extends Error {}

type Requirement = (labels: Record<string, string>) => boolean;

/**
 * Splits a selector on the commas that separate requirements (not those inside `in (a,b)`).
 */
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map(p => p.trim()).filter(p => p !== '');
}

/**
 * Parses a label selector as the API server does: `a=b`, `a==b`, `a!=b`, `a in (x,y)`,
 * `a notin (x,y)`, `a` (exists) and `!a` (does not exist), comma-separated (all must match).
 */
export function parseLabelSelector(selector: string): Requirement {
  const requirements = splitRequirements(selector).map((part): Requirement => {
    let m = /^([^\s!=(),]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part);
    if (m) {
      const [, key, op, list] = m;
      const values = new Set(
        list
          .split(',')
          .map(v => v.trim())
          .filter(v => v !== ''),
      );
      return op === 'in'
        ? labels => key in labels && values.has(labels[key])
        : labels => !(key in labels) || !values.has(labels[key]);
    }
    m = /^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/.exec(part);
    if (m) {
      const [, key, op, value] = m;
      return op === '!='
        ? labels => labels[key] !== value
        : labels => key in labels && labels[key] === value;
    }
    m = /^(!?)\s*([^\s!=(),]+)$/.exec(part);
    if (m) {
      const [, not, key] = m;
      return not ? labels => !(key in labels) : labels => key in labels;
    }
    throw new SelectorError(
      `unable to parse requirement: found '${part}', expected: in, notin, =, ==, !=, gt, lt`,
    );
  });
  return labels => requirements.every(r => r(labels));
}

/** A field selector on dotted paths with `=`, `==` and `!=` (e.g. `status.phase=Running`). */
function parseFieldSelector(selector: string): (obj: KubeObject) => boolean {
  const requirements = splitRequirements(selector).map(part => {
    const m = /^([^\s!=]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) {
      throw new SelectorError(`invalid field selector: '${part}'`);
    }
    const [, path, op, value] = m;
    return (obj: KubeObject) => {
      let v: unknown = obj;
      for (const key of path.split('.')) {
        v = (v as Record<string, unknown> | undefined)?.[key];
      }
      const equal = String(v ?? '') === value;
      return op === '!=' ? !equal : equal;
    };
  });
  return obj => requirements.every(r => r(obj));
}

/**
 * An object as a list answer carries it: without `apiVersion` and `kind` (a real API server
 * leaves them out of the items of a built-in type's list). What the Kubernetes backend passes
 * on in `resources[].resources` and `podMetrics[].pod`.
 */
export function listItem(
  obj: KubeObject,
): Omit<KubeObject, 'apiVersion' | 'kind'> {
  const { apiVersion: _apiVersion, kind: _kind, ...item } = obj;
  return item;
}

function groupVersionOf(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf('/');
  return slash === -1
    ? ['', apiVersion]
    : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

/**
 * A loopback HTTP server that answers the read-only part of the Kubernetes API that the
 * Backstage Kubernetes backend uses: lists (cluster-wide and per namespace) with label
 * selectors, single objects by name, and the metrics API's PodMetrics. Everything else is
 * answered 404 in Kubernetes' `Status` shape. Lists are in the API server's shape: the items
 * carry no `apiVersion`/`kind` (as a real API server answers for built-in types).
 */
export class KubernetesApiServer {
  /** Every request received, in order of arrival. */
  readonly requests: RecordedRequest[] = [];
  readonly url: string;

  private objects: KubeObject[] = [];
  private resourceVersion = 1000;
  private down: DownMode | undefined;
  private delayMs = 0;
  private metricsServer = true;
  private readonly resources: ServedResource[];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: http.Server,
    private readonly options: KubernetesApiServerOptions,
  ) {
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.resources = [...SERVED_RESOURCES, ...(options.extraResources ?? [])];
  }

  /** Starts a server on a free port of 127.0.0.1, holding `objects`. */
  static async start(
    objects: KubeObject[],
    options: KubernetesApiServerOptions = {},
  ): Promise<KubernetesApiServer> {
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const api = new KubernetesApiServer(server, options);
    api.replace(objects);
    server.on('connection', socket => {
      api.sockets.add(socket);
      socket.on('close', () => api.sockets.delete(socket));
    });
    server.on('request', (req, res) => api.onRequest(req, res));
    return api;
  }

  /** Replaces every object the cluster holds (copies them; bumps the resourceVersion). */
  replace(objects: KubeObject[]): void {
    this.objects = objects.map(obj => {
      const copy = structuredClone(obj);
      const type = this.resourceFor(obj);
      if (!type) {
        throw new Error(
          `KubernetesApiServer does not serve ${obj.apiVersion} ${obj.kind} (${obj.metadata?.name}); pass it in options.extraResources`,
        );
      }
      if (type.namespaced && !copy.metadata.namespace) {
        copy.metadata = { ...copy.metadata, namespace: 'default' };
      }
      return copy;
    });
    this.resourceVersion += 1;
  }

  /** The objects the cluster holds (copies). */
  list(): KubeObject[] {
    return structuredClone(this.objects);
  }

  /**
   * Takes the cluster down or brings it back. Down as `'unavailable'` (the default), every
   * request is answered 503 with a `Status`; as `'reset'`, every connection is destroyed
   * without an answer (the client sees a socket hang up), and open keep-alive connections are
   * closed at once.
   */
  setDown(down: boolean, mode: DownMode = 'unavailable'): void {
    this.down = down ? mode : undefined;
    if (down && mode === 'reset') {
      for (const socket of this.sockets) socket.destroy();
    }
  }

  /** Delays every answer (including the 503s of a down cluster) by `ms` milliseconds. */
  setDelayMs(ms: number): void {
    this.delayMs = ms;
  }

  /**
   * Installs or removes metrics-server: without it, everything under `/apis/metrics.k8s.io`
   * is answered 404, as by an API server where that APIService is not registered.
   */
  setMetricsServer(installed: boolean): void {
    this.metricsServer = installed;
  }

  /** Forgets the recorded requests and clears the fault controls (the objects stay). */
  reset(): void {
    this.requests.length = 0;
    this.down = undefined;
    this.delayMs = 0;
    this.metricsServer = true;
  }

  /**
   * Resolves once every request received has been answered and none has arrived for `quietMs`
   * (a client may still have requests in flight after it gave up on a failed one).
   */
  async whenIdle(quietMs = 100, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const last = this.requests[this.requests.length - 1];
      const settled = this.requests.every(r => r.status !== undefined);
      if (settled && (!last || Date.now() - last.receivedAt >= quietMs)) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error('KubernetesApiServer: still busy');
      }
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  }

  /**
   * The recorded requests answered with an error other than the 503 of {@link KubernetesApiServer.setDown}
   * (404, 405, 400, 401): what a client asked for that the server lacks.
   */
  unservedRequests(): RecordedRequest[] {
    return this.requests.filter(
      r => r.status !== undefined && r.status >= 400 && r.status !== 503,
    );
  }

  /** Stops the server, dropping open connections and pending delayed answers. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const closed = new Promise<void>(resolve =>
      this.server.close(() => resolve()),
    );
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private resourceFor(obj: KubeObject): ServedResource | undefined {
    const [group, version] = groupVersionOf(obj.apiVersion ?? '');
    return this.resources.find(
      r =>
        r.group === group &&
        r.kind === obj.kind &&
        r.versions.includes(version),
    );
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams.entries()),
      receivedAt: Date.now(),
      ...(req.headers.authorization
        ? { authorization: req.headers.authorization }
        : {}),
    };
    this.requests.push(recorded);

    const answer = () => {
      if (this.down === 'reset') {
        recorded.status = 0;
        req.socket.destroy();
        return;
      }
      let code: number;
      let body: unknown;
      try {
        [code, body] =
          this.down === 'unavailable'
            ? [
                503,
                status(
                  503,
                  'ServiceUnavailable',
                  'the server is currently unable to handle the request',
                ),
              ]
            : this.handle(recorded, req.headers.authorization);
      } catch (e) {
        [code, body] = [
          500,
          status(500, 'InternalError', `KubernetesApiServer failed: ${e}`),
        ];
      }
      recorded.status = code;
      const text = JSON.stringify(body);
      res.writeHead(code, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(text),
      });
      res.end(text);
    };

    if (this.delayMs > 0) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        answer();
      }, this.delayMs);
      this.timers.add(timer);
    } else {
      answer();
    }
  }

  private handle(
    request: RecordedRequest,
    authorization: string | undefined,
  ): [number, unknown] {
    if (
      this.options.token !== undefined &&
      authorization !== `Bearer ${this.options.token}`
    ) {
      return [401, status(401, 'Unauthorized', 'Unauthorized')];
    }
    const notFound: [number, unknown] = [
      404,
      status(
        404,
        'NotFound',
        'the server could not find the requested resource',
      ),
    ];
    const segments = request.path
      .split('/')
      .filter(s => s !== '')
      .map(decodeURIComponent);
    let group: string;
    let version: string;
    let rest: string[];
    if (segments[0] === 'api' && segments.length >= 2) {
      [group, version, rest] = ['', segments[1], segments.slice(2)];
    } else if (segments[0] === 'apis' && segments.length >= 3) {
      [group, version, rest] = [segments[1], segments[2], segments.slice(3)];
    } else {
      return notFound;
    }
    if (group === 'metrics.k8s.io' && !this.metricsServer) {
      return notFound;
    }

    let namespace: string | undefined;
    let plural: string | undefined;
    let name: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3 && rest.length <= 4) {
      [namespace, plural, name] = [rest[1], rest[2], rest[3]];
    } else if (rest.length >= 1 && rest.length <= 2) {
      [plural, name] = [rest[0], rest[1]];
    } else {
      return notFound;
    }
    const type = this.resources.find(
      r =>
        r.group === group &&
        r.plural === plural &&
        r.versions.includes(version),
    );
    if (!type || (namespace !== undefined && !type.namespaced)) {
      return notFound;
    }
    if (type.namespaced && namespace === undefined && name !== undefined) {
      return notFound;
    }
    if (request.method !== 'GET') {
      return [
        405,
        status(
          405,
          'MethodNotAllowed',
          `the server does not allow this method on the requested resource`,
        ),
      ];
    }

    const ofType = this.objects.filter(o => {
      const [g] = groupVersionOf(o.apiVersion);
      return (
        g === type.group &&
        o.kind === type.kind &&
        (namespace === undefined || o.metadata.namespace === namespace)
      );
    });

    if (name !== undefined) {
      const found = ofType.find(o => o.metadata.name === name);
      if (!found) {
        const resource = type.group
          ? `${type.plural}.${type.group}`
          : type.plural;
        return [
          404,
          {
            ...status(404, 'NotFound', `${resource} "${name}" not found`),
            details: { name, group: type.group, kind: type.plural },
          },
        ];
      }
      return [200, found];
    }

    let items: KubeObject[];
    try {
      const { labelSelector, fieldSelector } = request.query;
      const matchesLabels = labelSelector
        ? parseLabelSelector(labelSelector)
        : () => true;
      const matchesFields = fieldSelector
        ? parseFieldSelector(fieldSelector)
        : () => true;
      items = ofType.filter(
        o => matchesLabels(this.labelsFor(o, type)) && matchesFields(o),
      );
    } catch (e) {
      if (e instanceof SelectorError) {
        return [400, status(400, 'BadRequest', e.message)];
      }
      throw e;
    }

    const isMetrics = type.group === 'metrics.k8s.io';
    return [
      200,
      {
        kind: `${type.kind}List`,
        apiVersion: type.group ? `${type.group}/${version}` : version,
        metadata: isMetrics
          ? {}
          : { resourceVersion: String(this.resourceVersion) },
        items: items.map(listItem),
      },
    ];
  }

  /**
   * The labels a selector is matched against: the object's own; for a PodMetrics without
   * labels, those of its pod (the metrics server selects on the pod's labels).
   */
  private labelsFor(
    obj: KubeObject,
    type: ServedResource,
  ): Record<string, string> {
    if (type.kind === 'PodMetrics' && !obj.metadata.labels) {
      const pod = this.objects.find(
        o =>
          o.kind === 'Pod' &&
          o.apiVersion === 'v1' &&
          o.metadata.name === obj.metadata.name &&
          o.metadata.namespace === obj.metadata.namespace,
      );
      return pod?.metadata.labels ?? {};
    }
    return obj.metadata.labels ?? {};
  }
}
