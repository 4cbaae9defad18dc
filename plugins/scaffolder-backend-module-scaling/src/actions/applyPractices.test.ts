import { parseAllDocuments } from 'yaml';
import { FIXABLE_PRACTICE_IDS, applyPractices } from './applyPractices';

/**
 * The lines of `edited` that are not in `original`, when `edited` is `original` with lines
 * inserted and nothing else changed; throws naming the first original line that is missing or
 * changed.
 */
function insertedLines(original: string, edited: string): string[] {
  const before = original.split('\n');
  const after = edited.split('\n');
  const inserted: string[] = [];
  let i = 0;
  for (const line of after) {
    if (i < before.length && line === before[i]) i++;
    else inserted.push(line);
  }
  if (i < before.length)
    throw new Error(`original line ${i + 1} changed or missing: ${before[i]}`);
  return inserted;
}

function docs(text: string): any[] {
  return parseAllDocuments(text).map(d => d.toJS());
}

/** A Deployment and its Service in one file, as teams write them: comments, env, ports. */
const ORDERS = `# orders: the API behind the shop.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
  namespace: shop
  labels:
    app: orders
spec:
  replicas: 3 # three zones
  selector:
    matchLabels:
      app: orders
  template:
    metadata:
      labels:
        app: orders
        tier: api
    spec:
      containers:
        - name: orders
          image: ghcr.io/acme/orders:1.4.2
          ports:
            - containerPort: 8080
              name: http
          env:
            - name: LOG_FORMAT
              value: json
---
apiVersion: v1
kind: Service
metadata:
  name: orders
  namespace: shop
spec:
  selector: { app: orders }
  ports: [{ port: 80, targetPort: http }]
`;

describe('applyPractices', () => {
  it('adds requests and limits at the guide values and a PodDisruptionBudget, every other line byte for byte', () => {
    const result = applyPractices(ORDERS, {
      practices: ['requests-and-limits', 'disruption-budget'],
    });
    // Written before running: two inserted blocks, the container's resources and a new document.
    expect(insertedLines(ORDERS, result.text)).toEqual([
      '          resources:',
      '            requests:',
      '              cpu: 250m',
      '              memory: 256Mi',
      '            limits:',
      '              cpu: 500m',
      '              memory: 512Mi',
      '---',
      '# Scaling Advisor: at most one pod of orders down at a time during node drains and upgrades.',
      'apiVersion: policy/v1',
      'kind: PodDisruptionBudget',
      'metadata:',
      '  name: orders',
      '  namespace: shop',
      'spec:',
      '  maxUnavailable: 1',
      '  selector:',
      '    matchLabels:',
      '      app: orders',
    ]);
    const [deployment, service, pdb] = docs(result.text);
    expect(deployment.spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '500m', memory: '512Mi' },
    });
    expect(deployment.spec.template.spec.containers[0].env).toEqual([
      { name: 'LOG_FORMAT', value: 'json' },
    ]);
    expect(service.kind).toBe('Service');
    expect(pdb.kind).toBe('PodDisruptionBudget');
    expect(result.added).toEqual([
      'Deployment orders, container orders: resources',
      'Deployment orders: PodDisruptionBudget orders',
    ]);
    expect(result.skipped).toEqual([]);
  });

  it('adds every practice it knows, nested keys in their place, and is a no-op the second time', () => {
    const result = applyPractices(ORDERS, {
      practices: FIXABLE_PRACTICE_IDS,
      healthPath: '/healthz',
    });
    const [deployment, , pdb, policy] = docs(result.text);
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.containers[0]).toMatchObject({
      livenessProbe: {
        httpGet: { path: '/healthz', port: 8080 },
        initialDelaySeconds: 30,
        periodSeconds: 10,
      },
      readinessProbe: {
        httpGet: { path: '/healthz', port: 8080 },
        initialDelaySeconds: 5,
        periodSeconds: 5,
      },
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      },
    });
    expect(pdb.kind).toBe('PodDisruptionBudget');
    expect(policy).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'orders', namespace: 'shop' },
      spec: {
        podSelector: { matchLabels: { app: 'orders' } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ podSelector: {} }],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
      },
    });
    insertedLines(ORDERS, result.text);
    const again = applyPractices(result.text, {
      practices: FIXABLE_PRACTICE_IDS,
      healthPath: '/healthz',
    });
    expect(again.added).toEqual([]);
    expect(again.text).toBe(result.text);
  });

  it('completes a resources mapping that has requests only, keeping the comment after the last key', () => {
    const text = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ledger
spec:
  selector:
    matchLabels: {app: ledger}
  template:
    metadata:
      labels: {app: ledger}
    spec:
      containers:
      - name: ledger
        image: ledger:2
        resources:
          requests:
            cpu: 100m
            memory: 128Mi # measured in May
`;
    const result = applyPractices(text, {
      practices: ['requests-and-limits'],
    });
    expect(insertedLines(text, result.text)).toEqual([
      '          limits:',
      '            cpu: 500m',
      '            memory: 512Mi',
    ]);
    expect(docs(result.text)[0].spec.template.spec.containers[0]).toEqual({
      name: 'ledger',
      image: 'ledger:2',
      resources: {
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { cpu: '500m', memory: '512Mi' },
      },
    });
  });

  it('leaves a workload that a PodDisruptionBudget in the file already selects, and a file without a final newline', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, team: a}}
    spec:
      containers:
        - name: web
          image: web:1
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: web}}`;
    const result = applyPractices(text, {
      practices: ['disruption-budget', 'requests-and-limits'],
    });
    expect(result.added).toEqual(['Deployment web, container web: resources']);
    expect(docs(result.text)).toHaveLength(2);
    insertedLines(text, result.text);
  });

  it('says why it leaves a Helm template, a flow-style container and a selector without matchLabels', () => {
    const helm = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
`;
    expect(
      applyPractices(helm, { practices: ['requests-and-limits'] }),
    ).toEqual({
      text: helm,
      added: [],
      skipped: [
        'a template (Helm or another): not edited; set these in the chart and its values',
      ],
    });

    const flow = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  selector:
    matchExpressions: [{key: app, operator: In, values: [api]}]
  template:
    spec:
      containers: [{name: api, image: api:1}]
`;
    const result = applyPractices(flow, {
      practices: ['requests-and-limits', 'disruption-budget'],
    });
    expect(result.text).toBe(flow);
    expect(result.skipped).toEqual([
      'Deployment api, container api: resources not added (not a block mapping to edit in place)',
      'Deployment api: no PodDisruptionBudget or NetworkPolicy added (its selector has no matchLabels to select its pods by)',
    ]);
  });

  it('adds no probe without a health path, and says so', () => {
    const result = applyPractices(ORDERS, { practices: ['probes'] });
    expect(result.text).toBe(ORDERS);
    expect(result.skipped).toEqual([
      'Deployment orders, container orders: probes not added (no health path: set scaling.io/health-endpoint or fill it in the form)',
    ]);
  });

  it('leaves a file with no workload', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n';
    expect(applyPractices(text, { practices: FIXABLE_PRACTICE_IDS })).toEqual({
      text,
      added: [],
      skipped: ['no Deployment, StatefulSet or DaemonSet: not edited'],
    });
  });

  it('right-sizes requests in place, adds what is missing, and leaves a request above its limit', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: artist-lookup
spec:
  selector:
    matchLabels: {app: artist-lookup}
  template:
    metadata:
      labels: {app: artist-lookup}
    spec:
      containers:
        - name: api
          image: api:3
          resources:
            requests:
              cpu: "1" # sized for the launch
              memory: 2Gi
            limits:
              memory: 4Gi
        - name: sidecar
          image: envoy:1
          resources:
            limits:
              cpu: 100m
`;
    const result = applyPractices(text, {
      practices: [],
      rightSize: [
        {
          workload: 'artist-lookup',
          container: 'api',
          cpu: '70m',
          memory: '264Mi',
        },
        {
          workload: 'artist-lookup',
          container: 'sidecar',
          cpu: '200m',
          memory: '64Mi',
        },
        { workload: 'other', container: 'api', cpu: '1m', memory: '1Mi' },
      ],
    });
    // Written before running: the api's two values replaced where they are (its comment
    // kept); the sidecar's memory request added under its resources, its CPU one left (above
    // its 100m limit); nothing else changes.
    expect(result.text).toBe(
      text
        .replace('cpu: "1" # sized', 'cpu: 70m # sized')
        .replace('memory: 2Gi', 'memory: 264Mi')
        .replace(
          '              cpu: 100m\n',
          '              cpu: 100m\n            requests:\n              memory: 64Mi\n',
        ),
    );
    expect(result.added).toEqual([
      'Deployment artist-lookup, container api: cpu request 1 → 70m',
      'Deployment artist-lookup, container api: memory request 2Gi → 264Mi',
      'Deployment artist-lookup, container sidecar: requests',
    ]);
    expect(result.skipped).toEqual([
      'Deployment artist-lookup, container sidecar: cpu request 200m not set (above its limit 100m; raise the limit with it)',
    ]);

    const over = applyPractices(text, {
      practices: [],
      rightSize: [
        {
          workload: 'artist-lookup',
          container: 'api',
          cpu: '1',
          memory: '5Gi',
        },
      ],
    });
    expect(over.skipped).toEqual([
      'Deployment artist-lookup, container api: memory request 5Gi not set (above its limit 4Gi; raise the limit with it)',
    ]);
    expect(over.added).toEqual([]);
    expect(over.text).toBe(text);
  });
});
