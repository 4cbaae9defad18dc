/*
 * The guide's best practices as the module reads them from a service's manifests: each fact
 * both ways. Manifests are written in the shapes real repositories use (research notes P11:
 * online-boutique's and sock-shop's securityContexts, podinfo's scrape annotations, External
 * Secrets, Sealed Secrets), in our own words.
 */
import { recognizeFile } from './recognize';
import { serviceEvidence } from './service';
import { Link, Observation, Unit } from './types';

function evidenceOf(files: Record<string, string>, name = 'orders') {
  const observations: Observation[] = [];
  const units: Unit[] = [];
  const links: Link[] = [];
  for (const [path, text] of Object.entries(files)) {
    const found = recognizeFile({ path, text });
    observations.push(...found.observations);
    units.push(...found.units);
    links.push(...found.links);
  }
  const { values } = serviceEvidence(
    { observations, units, links },
    { subpath: '', deployPaths: [] },
    { name },
  );
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, v!.value]),
  );
}

/** The guide's own example: requests, limits, probes, 3 replicas, an HPA from 3 to 10. */
const GUIDE_EXAMPLE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
  namespace: production
spec:
  replicas: 3
  selector:
    matchLabels:
      app: orders
  template:
    metadata:
      labels:
        app: orders
    spec:
      containers:
      - name: orders
        image: registry.example.com/orders:1.0.0
        ports:
        - containerPort: 5000
        env:
        - name: DATABASE_URL
          valueFrom:
            secretKeyRef:
              name: db-credentials
              key: url
        resources:
          requests:
            memory: "256Mi"
            cpu: "250m"
          limits:
            memory: "512Mi"
            cpu: "500m"
        livenessProbe:
          httpGet:
            path: /health
            port: 5000
        readinessProbe:
          httpGet:
            path: /health
            port: 5000
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: orders-hpa
  namespace: production
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: orders
  minReplicas: 3
  maxReplicas: 10
`;

const HARDENED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
spec:
  replicas: 2
  selector:
    matchLabels: { app: orders }
  template:
    metadata:
      labels: { app: orders }
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "9090"
    spec:
      serviceAccountName: orders
      securityContext:
        runAsNonRoot: true
        runAsUser: 1000
        seccompProfile:
          type: RuntimeDefault
      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: kubernetes.io/hostname
        whenUnsatisfiable: ScheduleAnyway
        labelSelector:
          matchLabels: { app: orders }
      containers:
      - name: orders
        image: registry.example.com/orders:1.0.0
        env:
        - { name: LOG_FORMAT, value: json }
        - { name: OTEL_EXPORTER_OTLP_ENDPOINT, value: "http://otel-collector:4317" }
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities:
            drop: [all]
        resources:
          requests: { cpu: 100m, memory: 64Mi }
          limits: { cpu: 200m, memory: 128Mi }
        livenessProbe: { httpGet: { path: /healthz, port: 8080 } }
        readinessProbe: { httpGet: { path: /readyz, port: 8080 } }
`;

const ATTACHED = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: orders
spec:
  minAvailable: 1
  selector:
    matchLabels: { app: orders }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: orders
spec:
  podSelector:
    matchLabels: { app: orders }
  ingress:
  - from:
    - podSelector:
        matchLabels: { app: frontend }
`;

describe("the guide's Kubernetes practices from a service's manifests", () => {
  it("reads the guide's own example: what it has and what it lacks", () => {
    expect(evidenceOf({ 'k8s/orders.yaml': GUIDE_EXAMPLE })).toMatchObject({
      probes: true,
      resourceLimits: true,
      rightSized: true,
      minReplicas: 3,
      autoscaling: true,
      podSecurity: 'baseline',
      rbac: false,
      networkPolicy: false,
      disruptionBudget: false,
      antiAffinity: false,
      metricsExporter: false,
    });
    const found = evidenceOf({ 'k8s/orders.yaml': GUIDE_EXAMPLE });
    // Nothing in it says how it logs or traces: unknown, not failed.
    expect(found.structuredLogging).toBeUndefined();
    expect(found.traceContext).toBeUndefined();
    expect(found.secretManagement).toBeUndefined();
  });

  it('reads a hardened service: every practice its manifests can show', () => {
    expect(
      evidenceOf({
        'k8s/deployment.yaml': HARDENED,
        'k8s/policy.yaml': ATTACHED,
      }),
    ).toMatchObject({
      podSecurity: 'restricted',
      rbac: true,
      networkPolicy: true,
      disruptionBudget: true,
      resourceLimits: true,
      rightSized: true,
      antiAffinity: true,
      probes: true,
      metricsExporter: true,
      structuredLogging: true,
      traceContext: true,
      minReplicas: 2,
    });
  });

  it('takes the restricted standard from a Namespace that enforces it', () => {
    const namespace = `apiVersion: v1
kind: Namespace
metadata:
  name: production
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: latest
`;
    expect(
      evidenceOf({
        'k8s/namespace.yaml': namespace,
        'k8s/orders.yaml': GUIDE_EXAMPLE,
      }).podSecurity,
    ).toBe('restricted');
    expect(
      evidenceOf({
        'k8s/namespace.yaml': namespace.replace('restricted', 'baseline'),
        'k8s/orders.yaml': GUIDE_EXAMPLE,
      }).podSecurity,
    ).toBe('baseline');
  });

  it('calls privileged a pod on the host network, and is decided by the least hardened workload', () => {
    const privileged = GUIDE_EXAMPLE.replace(
      '    spec:\n      containers:',
      '    spec:\n      hostNetwork: true\n      containers:',
    );
    expect(evidenceOf({ 'k8s/orders.yaml': privileged }).podSecurity).toBe(
      'privileged',
    );
    const worker = GUIDE_EXAMPLE.replace(
      /name: orders\b/g,
      'name: orders-worker',
    )
      .replace(/app: orders\b/g, 'app: orders-worker')
      .replace(/ {8}readinessProbe:[\s\S]*?port: 5000\n/, '');
    const both = evidenceOf({
      'k8s/deployment.yaml': HARDENED,
      'k8s/worker.yaml': worker.split('---')[0],
    });
    expect(both).toMatchObject({
      podSecurity: 'baseline',
      probes: false,
      rbac: false,
    });
  });

  it('says plain text logs, other trace headers, oversized limits and spot nodes when the manifests do', () => {
    const other = HARDENED.replace(
      '- { name: LOG_FORMAT, value: json }',
      '- { name: LOG_FORMAT, value: text }',
    )
      .replace(
        '- { name: OTEL_EXPORTER_OTLP_ENDPOINT, value: "http://otel-collector:4317" }',
        '- { name: OTEL_PROPAGATORS, value: "b3multi" }',
      )
      .replace(
        'limits: { cpu: 200m, memory: 128Mi }',
        'limits: { cpu: "1", memory: 1Gi }',
      )
      .replace(
        '      serviceAccountName: orders',
        '      serviceAccountName: orders\n      nodeSelector:\n        karpenter.sh/capacity-type: spot',
      );
    expect(evidenceOf({ 'k8s/deployment.yaml': other })).toMatchObject({
      structuredLogging: false,
      traceContext: false,
      rightSized: false,
      spotCapacity: true,
    });
  });

  it('reads secrets from a manager, and plain Secrets written in the repository', () => {
    const external = `apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: orders-db
spec:
  refreshInterval: 1h
  secretStoreRef: { kind: ClusterSecretStore, name: aws-secrets-manager }
  target: { name: db-credentials }
  data:
  - secretKey: url
    remoteRef: { key: prod/orders/db, property: url }
`;
    const plain = `apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
type: Opaque
stringData:
  url: postgres://orders:hunter2@db:5432/orders
`;
    expect(
      evidenceOf({
        'k8s/orders.yaml': GUIDE_EXAMPLE,
        'k8s/secret.yaml': external,
      }).secretManagement,
    ).toBe(true);
    expect(
      evidenceOf({ 'k8s/orders.yaml': GUIDE_EXAMPLE, 'k8s/secret.yaml': plain })
        .secretManagement,
    ).toBe(false);
    // A chart's template renders its data from values at install: not counted.
    expect(
      evidenceOf({
        'k8s/orders.yaml': GUIDE_EXAMPLE,
        'charts/orders/templates/secret.yaml': plain,
      }).secretManagement,
    ).toBeUndefined();
  });

  it('reads Cloud Run capacity, and staging scaling to zero', () => {
    const service = (
      name: string,
      min?: number,
    ) => `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: ${name}
spec:
  template:
    metadata:
      annotations:
        ${min === undefined ? 'autoscaling.knative.dev/maxScale: "10"' : `autoscaling.knative.dev/minScale: "${min}"`}
    spec:
      containers:
      - image: gcr.io/acme/orders:1.0.0
`;
    expect(
      evidenceOf({
        'deploy/service.yaml': service('orders', 2),
        'deploy/staging/service.yaml': service('orders-staging'),
      }),
    ).toMatchObject({ minReplicas: 2, stagingScalesToZero: true });
    expect(
      evidenceOf({
        'deploy/staging/service.yaml': service('orders-staging', 1),
      }).stagingScalesToZero,
    ).toBe(false);
  });

  it('reads a cache, or a database without one, beside the service', () => {
    const compose = (extra: string) => `services:
  orders:
    build: .
  db:
    image: postgres:16
${extra}`;
    expect(evidenceOf({ 'docker-compose.yml': compose('') }).cache).toBe(false);
    expect(
      evidenceOf({
        'docker-compose.yml': compose('  cache:\n    image: redis:7-alpine\n'),
      }).cache,
    ).toBe(true);
  });
});
