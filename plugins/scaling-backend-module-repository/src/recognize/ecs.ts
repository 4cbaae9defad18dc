/*
 * Amazon ECS as the AWS CLI and AWS Copilot describe it: task definition, service and Application
 * Auto Scaling JSON (`aws ecs register-task-definition --cli-input-json`), and Copilot service
 * manifests (`copilot/<service>/manifest.yml`). ECS on EC2 is not one of the platforms, so only
 * Fargate sets the platform; health checks, ports and scaling count either way.
 */
import { ecsCapacity } from './capacity';
import { Data, at, decimal, isRecord, port, records, text } from './data';
import { commandPath, probePath } from './health';
import { Observations } from './observations';
import { registryOf } from './registry';

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
  recognizeContainers(
    {
      containers: records(taskDefinition.containerDefinitions),
      fargate:
        Array.isArray(taskDefinition.requiresCompatibilities) &&
        taskDefinition.requiresCompatibilities.includes('FARGATE'),
      what: 'an ECS task definition',
      keys: {
        name: 'name',
        image: 'image',
        healthCheck: 'healthCheck',
        command: 'command',
        portMappings: 'portMappings',
        containerPort: 'containerPort',
        logConfiguration: 'logConfiguration',
        logDriver: 'logDriver',
      },
    },
    out,
  );
}

/** The field names of a container definition: camelCase in the ECS API, PascalCase in CloudFormation. */
export interface ContainerKeys {
  name: string;
  image: string;
  healthCheck: string;
  command: string;
  portMappings: string;
  containerPort: string;
  logConfiguration: string;
  logDriver: string;
}

/**
 * An ECS task definition's containers: each a deployment unit, with its health check, ports and
 * logs; Fargate is a fact about all of them.
 */
export function recognizeContainers(
  task: {
    containers: Data[];
    fargate: boolean;
    what: string;
    keys: ContainerKeys;
  },
  out: Observations,
): string[] {
  const { containers, keys } = task;
  const ids = containers.map(container => {
    const name = text(container[keys.name]) ?? 'container';
    const image = text(container[keys.image]);
    return out.unit({
      resource: 'ECS container',
      name,
      images: image ? [image] : [],
    });
  });
  if (task.fargate)
    out.add('platform', 'ecs-fargate', `${task.what} for Fargate`, ids);
  containers.forEach((container, i) => {
    const of = [ids[i]];
    const check = at(container, keys.healthCheck, keys.command);
    if (check !== undefined) {
      const path = commandPath(check);
      if (path)
        out.add('healthEndpoint', path, 'an ECS container health check', of);
      else
        out.add(
          'healthCheck',
          true,
          'an ECS container health check (a command)',
          of,
        );
    }
    const found = records(container[keys.portMappings])
      .map(mapping => port(mapping[keys.containerPort]))
      .find(p => p !== undefined);
    if (found) out.add('port', found, 'an ECS container port mapping', of);
    const driver = at(container, keys.logConfiguration, keys.logDriver);
    if (driver === 'awslogs' || driver === 'awsfirelens') {
      out.add(
        'observability',
        ['logging'],
        `ECS container logs (${driver})`,
        of,
      );
    }
    const image = text(container[keys.image]);
    const registry = image && registryOf(image);
    if (registry)
      out.add(
        'imageRegistry',
        true,
        `an ECS container image in ${registry}`,
        of,
      );
  });
  return ids;
}

const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];

/** A count given as a number or a numeric string, 0 included. */
export function wholeCount(value: unknown): number | undefined {
  const number = decimal(value);
  return number !== undefined && Number.isInteger(number) && number >= 0
    ? number
    : undefined;
}

function recognizeService(service: Data, out: Observations): void {
  const onFargate =
    service.launchType === 'FARGATE' ||
    records(service.capacityProviderStrategy).some(strategy =>
      FARGATE_PROVIDERS.includes(text(strategy.capacityProvider) ?? ''),
    );
  if (onFargate)
    out.add('platform', 'ecs-fargate', 'an ECS service on Fargate');
  ecsCapacity(out, 'an ECS service', {
    desired: wholeCount(service.desiredCount),
    launchType: text(service.launchType),
    providers: records(service.capacityProviderStrategy)
      .map(strategy => text(strategy.capacityProvider))
      .filter((p): p is string => !!p),
  });
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
    ecsCapacity(out, 'an ECS scalable target', {
      minimum: wholeCount(document.MinCapacity),
    });
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
