/*
 * Amazon ECS as the AWS CLI and AWS Copilot describe it: task definition, service and Application
 * Auto Scaling JSON (`aws ecs register-task-definition --cli-input-json`), and Copilot service
 * manifests (`copilot/<service>/manifest.yml`). ECS on EC2 is not one of the platforms, so only
 * Fargate sets the platform; health checks, ports and scaling count either way.
 */
import { Data, at, isRecord, port, records, text } from './data';
import { commandPath, probePath } from './health';
import { Observations } from './observations';

export function recognizeEcsJson(document: unknown, out: Observations): void {
  if (!isRecord(document)) return;
  // `aws ecs describe-task-definition` wraps the task definition in `taskDefinition`.
  const wrapped = document.taskDefinition;
  const taskDefinition = isRecord(wrapped) ? wrapped : document;
  if (Array.isArray(taskDefinition.containerDefinitions)) {
    recognizeTaskDefinition(taskDefinition, out);
  } else if (
    typeof document.taskDefinition === 'string' &&
    (typeof document.serviceName === 'string' ||
      typeof document.cluster === 'string')
  ) {
    recognizeService(document, out);
  }
  recognizeScaling(document, out);
}

function recognizeTaskDefinition(
  taskDefinition: Data,
  out: Observations,
): void {
  const compatibilities = taskDefinition.requiresCompatibilities;
  if (Array.isArray(compatibilities) && compatibilities.includes('FARGATE')) {
    out.add('platform', 'ecs-fargate', 'an ECS task definition for Fargate');
  }
  const containers = records(taskDefinition.containerDefinitions);
  for (const container of containers) {
    const path = commandPath(at(container, 'healthCheck', 'command'));
    if (path) out.add('healthEndpoint', path, 'an ECS container health check');
  }
  for (const container of containers) {
    const found = records(container.portMappings)
      .map(mapping => port(mapping.containerPort))
      .find(p => p !== undefined);
    if (found) {
      out.add('port', found, 'an ECS container port mapping');
      break;
    }
  }
  for (const container of containers) {
    const driver = at(container, 'logConfiguration', 'logDriver');
    if (driver === 'awslogs' || driver === 'awsfirelens') {
      out.add('observability', ['logging'], `ECS container logs (${driver})`);
    }
  }
}

const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];

function recognizeService(service: Data, out: Observations): void {
  const onFargate =
    service.launchType === 'FARGATE' ||
    records(service.capacityProviderStrategy).some(strategy =>
      FARGATE_PROVIDERS.includes(text(strategy.capacityProvider) ?? ''),
    );
  if (onFargate)
    out.add('platform', 'ecs-fargate', 'an ECS service on Fargate');
  const controller = at(service, 'deploymentController', 'type');
  if (controller === 'CODE_DEPLOY') {
    out.add(
      'deploymentStrategy',
      'blue-green',
      'an ECS blue/green deployment (CodeDeploy)',
    );
    out.add(
      'practices',
      ['blue-green'],
      'an ECS blue/green deployment (CodeDeploy)',
    );
  } else if (controller === undefined || controller === 'ECS') {
    out.add('deploymentStrategy', 'rolling', 'an ECS rolling deployment');
  }
  const found = records(service.loadBalancers)
    .map(balancer => port(balancer.containerPort))
    .find(p => p !== undefined);
  if (found) out.add('port', found, 'an ECS service load balancer');
}

const SCALING_POLICY_TYPES = ['TargetTrackingScaling', 'StepScaling'];

/** Application Auto Scaling for an ECS service: a scaling policy, or a target with room to scale. */
function recognizeScaling(document: Data, out: Observations): void {
  const namespace = document.ServiceNamespace;
  if (namespace !== undefined && namespace !== 'ecs') return;
  if (SCALING_POLICY_TYPES.includes(text(document.PolicyType) ?? '')) {
    out.add('autoscaling', true, `an ECS ${document.PolicyType} policy`);
  } else if (document.ScalableDimension === 'ecs:service:DesiredCount') {
    const min = port(document.MinCapacity) ?? 0;
    const max = port(document.MaxCapacity);
    if (max === undefined || max > min) {
      out.add('autoscaling', true, 'an ECS scalable target');
    }
  }
}

// Service manifests; environments' are one level deeper (`copilot/environments/prod/`).
const COPILOT_MANIFEST = /(^|\/)copilot\/[^/]+\/manifest\.ya?ml$/;

export function isCopilotManifest(path: string): boolean {
  return COPILOT_MANIFEST.test(path);
}

// Copilot's service types that run as ECS services on Fargate (a Request-Driven Web Service
// runs on App Runner, a Static Site on S3 and CloudFront).
const COPILOT_FARGATE_TYPES = [
  'Load Balanced Web Service',
  'Backend Service',
  'Worker Service',
  'Scheduled Job',
];

// `count` keys that scale the service; `count: 2` or `count.spot: 2` are fixed counts.
const COPILOT_SCALING_KEYS = [
  'range',
  'cpu_percentage',
  'memory_percentage',
  'requests',
  'response_time',
  'queue_delay',
];

export function recognizeCopilot(document: unknown, out: Observations): void {
  if (!isRecord(document)) return;
  const type = text(document.type);
  if (type && COPILOT_FARGATE_TYPES.includes(type)) {
    out.add('platform', 'ecs-fargate', `an AWS Copilot ${type}`);
  }
  const healthCheck = at(document, 'http', 'healthcheck');
  const path =
    probePath(healthCheck) ??
    probePath(at(healthCheck, 'path')) ??
    commandPath(at(document, 'image', 'healthcheck', 'command'));
  if (path) out.add('healthEndpoint', path, 'a Copilot health check');
  const imagePort = port(at(document, 'image', 'port'));
  if (imagePort) out.add('port', imagePort, 'a Copilot image port');
  if (at(document, 'image', 'build') !== undefined) {
    out.add(
      'imageRegistry',
      true,
      'Copilot pushes the built image to Amazon ECR',
    );
  }
  if (
    COPILOT_SCALING_KEYS.some(key => at(document, 'count', key) !== undefined)
  ) {
    out.add('autoscaling', true, 'a Copilot count range');
  }
}
