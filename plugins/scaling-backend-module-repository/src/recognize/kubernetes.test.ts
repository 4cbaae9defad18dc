import { facts, observe } from './__testUtils__/observe';
import { recognizeFile } from './recognize';

const PETSTORE_MANIFESTS = `
# Petstore API: 3–10 replicas at 70% CPU.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: petstore
  labels:
    app.kubernetes.io/name: petstore
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: petstore
  template:
    metadata:
      labels:
        app.kubernetes.io/name: petstore
    spec:
      containers:
        - name: petstore
          image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/petstore:1.4.2
          ports:
            - name: http
              containerPort: 5000
          readinessProbe:
            httpGet:
              path: /health
              port: http
            periodSeconds: 5
          livenessProbe:
            httpGet:
              path: /health
              port: http
            initialDelaySeconds: 30
          resources:
            requests: { cpu: 250m, memory: 256Mi }
---
apiVersion: v1
kind: Service
metadata:
  name: petstore
spec:
  selector:
    app.kubernetes.io/name: petstore
  ports:
    - port: 80
      targetPort: http
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: petstore
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: petstore
  minReplicas: 3
  maxReplicas: 10
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
`;

describe('Kubernetes manifests', () => {
  it('reads a Deployment with probes and an HPA', () => {
    expect(facts('deploy/k8s/petstore.yaml', PETSTORE_MANIFESTS)).toEqual({
      platform: ['kubernetes'],
      healthEndpoint: ['/health'],
      port: [5000],
      deploymentStrategy: ['rolling'],
      autoscaling: [true],
      imageRegistry: [true],
    });
    const [platform] = observe('deploy/k8s/petstore.yaml', PETSTORE_MANIFESTS);
    // About the Deployment (a unit), on the line its document starts.
    expect(platform).toEqual({
      key: 'platform',
      value: 'kubernetes',
      path: 'deploy/k8s/petstore.yaml',
      reason: 'a Kubernetes Deployment',
      of: ['deploy/k8s/petstore.yaml:3#Deployment/petstore'],
      line: 3,
    });
  });

  it('takes the readiness probe before the liveness probe', () => {
    const manifest = `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: ledger }
spec:
  template:
    spec:
      containers:
        - name: ledger
          image: ledger:2
          livenessProbe: { httpGet: { path: /livez, port: 8080 } }
          readinessProbe: { httpGet: { path: /readyz, port: 8080 } }
`;
    expect(facts('k8s/ledger.yaml', manifest).healthEndpoint).toEqual([
      '/readyz',
      '/livez',
    ]);
  });

  it('reads the pod spec of a CronJob and of a Pod', () => {
    const manifests = `
apiVersion: batch/v1
kind: CronJob
metadata: { name: report }
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: report
              image: report:1
              ports: [{ containerPort: 9100 }]
---
apiVersion: v1
kind: Pod
metadata: { name: debug }
spec:
  containers:
    - name: debug
      image: busybox
      readinessProbe: { httpGet: { path: /ping, port: 80 } }
`;
    expect(facts('k8s/jobs.yaml', manifests)).toEqual({
      platform: ['kubernetes'],
      port: [9100],
      healthEndpoint: ['/ping'],
    });
  });

  it('does not count an HPA that cannot scale', () => {
    const hpa = `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: pinned }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: pinned }
  minReplicas: 3
  maxReplicas: 3
`;
    expect(facts('k8s/hpa.yaml', hpa)).toEqual({ platform: ['kubernetes'] });
  });

  it('does not call a Recreate Deployment rolling', () => {
    const deployment = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: singleton }
spec:
  strategy: { type: Recreate }
  template: { spec: { containers: [{ name: app, image: app:1 }] } }
`;
    expect(
      facts('k8s/singleton.yaml', deployment).deploymentStrategy,
    ).toBeUndefined();
  });

  it('reads the resources of a kubectl List', () => {
    const list = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: { name: 'petstore' },
        },
        { apiVersion: 'v1', kind: 'List', items: [] },
      ],
    });
    expect(facts('k8s/all.json', list)).toEqual({
      platform: ['kubernetes'],
      ingress: [true],
    });
  });

  it('ignores documents that only look like resources', () => {
    const catalogInfo = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: petstore
spec: { type: service, lifecycle: production, owner: team-a }
`;
    const kubeconfig = `
apiVersion: v1
kind: Config
clusters: [{ name: prod, cluster: { server: "https://k8s.example.com" } }]
`;
    expect(observe('catalog-info.yaml', catalogInfo)).toEqual([]);
    expect(observe('kubeconfig.yaml', kubeconfig)).toEqual([]);
    expect(
      observe(
        'odd.yaml',
        'apiVersion: apps/v1\nkind: "Deployment\\nspoofed"\n',
      ),
    ).toEqual([]);
  });
});

describe('Helm templates', () => {
  const deploymentTemplate = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  template:
    spec:
      containers:
        - name: {{ include "app.name" . }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          ports:
            - name: http
              containerPort: {{ .Values.containerPort }}
          livenessProbe:
            httpGet:
              path: {{ .Values.healthPath }}
              port: http
`;
  const hpaTemplate = `{{- if .Values.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "app.fullname" . }}
spec:
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
{{- end }}
---
{{- if .Values.ingress.enabled }}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "app.fullname" . }}
{{- end }}
`;

  // Read alone, a template is not YAML: nothing in it counts, and the read says so. Within a
  // chart it is rendered first (helm/render.ts, reading/collectFacts.ts).
  it('counts nothing from a template read alone, and says so', () => {
    for (const [path, template] of [
      ['charts/petstore/templates/hpa.yaml', hpaTemplate],
      ['charts/petstore/templates/deployment.yaml', deploymentTemplate],
    ]) {
      const read = recognizeFile({ path, text: template });
      expect(read.observations).toEqual([]);
      expect(read.skipped).toEqual([
        `${path}: a template that is not YAML until rendered (not part of a Helm chart); nothing in it is counted`,
      ]);
    }
  });

  it('reads a chart and the platform its Chart.yaml names', () => {
    const chart = `apiVersion: v2
name: petstore
description: Helm chart for petstore
type: application
version: 0.1.0
appVersion: "1.4.2"
`;
    expect(facts('charts/petstore/Chart.yaml', chart)).toEqual({
      helmChart: [true],
      platform: ['kubernetes'],
    });
    expect(
      facts(
        'charts/petstore/Chart.yaml',
        `${chart}annotations:\n  scaling.io/platform: eks\n`,
      ).platform,
    ).toEqual(['eks']);
    expect(
      facts(
        'charts/petstore/Chart.yaml',
        `${chart}annotations:\n  scaling.io/platform: vps\n`,
      ).platform,
    ).toEqual(['kubernetes']);
    expect(observe('charts/petstore/Chart.yaml', 'name: petstore\n')).toEqual(
      [],
    );
  });

  it('reads a kustomization by its file name', () => {
    const kustomization = 'resources:\n  - deployment.yaml\n  - service.yaml\n';
    expect(
      facts('deploy/overlays/prod/kustomization.yaml', kustomization),
    ).toEqual({
      platform: ['kubernetes'],
    });
  });
});

describe('progressive delivery', () => {
  it('reads an Argo Rollouts canary and blue-green', () => {
    const canary = `
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: { name: petstore }
spec:
  replicas: 5
  strategy:
    canary:
      steps:
        - setWeight: 20
        - pause: { duration: 10m }
  template:
    spec:
      containers:
        - name: petstore
          image: petstore:1.4.2
          ports: [{ containerPort: 5000 }]
`;
    expect(facts('rollouts/petstore.yaml', canary)).toEqual({
      platform: ['kubernetes'],
      port: [5000],
      deploymentStrategy: ['canary'],
      practices: [['canary']],
    });
    const blueGreen = canary.replace(
      /canary:\n(.|\n)*?duration: 10m \}\n/,
      'blueGreen:\n      activeService: petstore\n      previewService: petstore-preview\n',
    );
    expect(blueGreen).toContain('blueGreen');
    const found = facts('rollouts/petstore.yaml', blueGreen);
    expect(found.deploymentStrategy).toEqual(['blue-green']);
    expect(found.practices).toEqual([['blue-green']]);
  });

  it('tells a Flagger canary from a Flagger blue/green', () => {
    const canary = `
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: petstore }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: petstore }
  analysis:
    interval: 1m
    threshold: 5
    maxWeight: 50
    stepWeight: 10
`;
    const blueGreen = canary.replace(
      / {4}maxWeight: 50\n {4}stepWeight: 10\n/,
      '    iterations: 10\n',
    );
    expect(facts('flagger/canary.yaml', canary).deploymentStrategy).toEqual([
      'canary',
    ]);
    expect(facts('flagger/canary.yaml', blueGreen)).toEqual({
      platform: ['kubernetes'],
      deploymentStrategy: ['blue-green'],
      practices: [['blue-green']],
    });
  });
});

describe('service meshes', () => {
  it('reads Istio resources and injection labels', () => {
    const virtualService = `
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: { name: petstore }
spec:
  hosts: [petstore]
  http: [{ route: [{ destination: { host: petstore } }] }]
`;
    const namespace = `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
`;
    expect(facts('mesh/vs.yaml', virtualService)).toEqual({
      platform: ['kubernetes'],
      serviceMesh: [true],
    });
    expect(facts('k8s/namespace.yaml', namespace).serviceMesh).toEqual([true]);
    expect(
      facts('k8s/namespace.yaml', namespace.replace('enabled', 'disabled'))
        .serviceMesh,
    ).toBeUndefined();
  });

  it('reads sidecar and Linkerd injection on a pod template', () => {
    const deployment = (annotation: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: cart }
spec:
  template:
    metadata:
      annotations:
        ${annotation}
    spec:
      containers: [{ name: cart, image: cart:3 }]
`;
    expect(
      facts('k8s/cart.yaml', deployment('sidecar.istio.io/inject: "true"'))
        .serviceMesh,
    ).toEqual([true]);
    expect(
      facts('k8s/cart.yaml', deployment('linkerd.io/inject: enabled'))
        .serviceMesh,
    ).toEqual([true]);
    expect(
      facts('k8s/cart.yaml', deployment('sidecar.istio.io/inject: "false"'))
        .serviceMesh,
    ).toBeUndefined();
  });
});

describe('platform tooling', () => {
  it.each([
    [
      'an Argo CD Application',
      `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: { name: petstore, namespace: argocd }
spec:
  project: default
  source: { repoURL: "https://github.com/acme/petstore.git", path: charts/petstore }
  destination: { server: "https://kubernetes.default.svc", namespace: shop }`,
      { platform: ['kubernetes'], gitops: [true] },
    ],
    [
      'a Flux HelmRelease',
      `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: { name: petstore, namespace: shop }
spec:
  interval: 10m
  chart: { spec: { chart: ./charts/petstore, sourceRef: { kind: GitRepository, name: petstore } } }`,
      { platform: ['kubernetes'], gitops: [true] },
    ],
    [
      'a Velero Schedule',
      `apiVersion: velero.io/v1
kind: Schedule
metadata: { name: petstore-daily, namespace: velero }
spec:
  schedule: "0 3 * * *"
  template: { includedNamespaces: [shop], ttl: 720h0m0s }`,
      { platform: ['kubernetes'], backup: [true] },
    ],
    [
      'a ServiceMonitor',
      `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: { name: petstore }
spec:
  selector: { matchLabels: { app.kubernetes.io/name: petstore } }
  endpoints: [{ port: http, path: /metrics }]`,
      {
        platform: ['kubernetes'],
        observability: [['metrics']],
        monitoring: [true],
      },
    ],
    [
      'a KEDA ScaledObject',
      `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: worker }
spec:
  scaleTargetRef: { name: worker }
  triggers: [{ type: rabbitmq, metadata: { queueName: orders, value: "20" } }]`,
      { platform: ['kubernetes'], autoscaling: [true] },
    ],
    [
      'a Gateway API HTTPRoute',
      `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: petstore }
spec:
  parentRefs: [{ name: public }]
  rules: [{ backendRefs: [{ name: petstore, port: 80 }] }]`,
      { platform: ['kubernetes'], ingress: [true] },
    ],
  ])('reads %s', (_, manifest, expected) => {
    expect(facts('deploy/resource.yaml', manifest)).toEqual(expected);
  });

  it('names GKE when the resources exist only there', () => {
    const manifests = `
apiVersion: cloud.google.com/v1
kind: BackendConfig
metadata: { name: petstore-cdn }
spec:
  cdn: { enabled: true }
  healthCheck: { type: HTTP, requestPath: /health }
---
apiVersion: networking.gke.io/v1
kind: MultiClusterIngress
metadata: { name: petstore }
spec:
  template:
    spec:
      backend: { serviceName: petstore, servicePort: 80 }
`;
    expect(facts('deploy/cdn/multi-cluster-ingress.yaml', manifests)).toEqual({
      platform: ['gke'],
      cdn: [true],
      ingress: [true],
    });
  });
});

describe('Knative (Cloud Run)', () => {
  const service = `
apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: petstore
  annotations:
    run.googleapis.com/ingress: all
spec:
  template:
    metadata:
      annotations:
        autoscaling.knative.dev/minScale: "2"
        autoscaling.knative.dev/maxScale: "10"
    spec:
      containerConcurrency: 80
      containers:
        - image: europe-west1-docker.pkg.dev/acme-prod/services/petstore:1.4.2
          ports:
            - name: http1
              containerPort: 8080
          startupProbe:
            httpGet: { path: /health, port: 8080 }
`;

  it('reads a Cloud Run service', () => {
    expect(facts('deploy/cloud-run/service.yaml', service)).toEqual({
      platform: ['cloud-run'],
      healthEndpoint: ['/health'],
      port: [8080],
      autoscaling: [true],
      imageRegistry: [true],
    });
  });

  it('does not count a service pinned to one instance as autoscaling', () => {
    const pinned = service.replace('maxScale: "10"', 'maxScale: "1"');
    expect(
      facts('deploy/cloud-run/service.yaml', pinned).autoscaling,
    ).toBeUndefined();
  });
});
