import { facts, observe } from './__testUtils__/observe';

const TASK_DEFINITION = {
  family: 'petstore',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  containerDefinitions: [
    {
      name: 'petstore',
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/petstore:latest',
      essential: true,
      portMappings: [{ containerPort: 5000, protocol: 'tcp' }],
      environment: [{ name: 'APP_ENV', value: 'production' }],
      healthCheck: {
        command: [
          'CMD-SHELL',
          'curl -f http://localhost:5000/health || exit 1',
        ],
        interval: 30,
        timeout: 5,
        retries: 3,
        startPeriod: 30,
      },
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/petstore',
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'petstore',
        },
      },
    },
  ],
};

const json = (value: unknown) => JSON.stringify(value, null, 2);

describe('ECS task definitions', () => {
  it("reads the scaling guide's Fargate task definition", () => {
    expect(
      facts('deploy/ecs/task-definition.json', json(TASK_DEFINITION)),
    ).toEqual({
      platform: ['ecs-fargate'],
      healthEndpoint: ['/health'],
      port: [5000],
      observability: [['logging']],
      imageRegistry: [true],
    });
  });

  it('reads the output of describe-task-definition', () => {
    const described = json({ taskDefinition: TASK_DEFINITION, tags: [] });
    expect(facts('task.json', described).platform).toEqual(['ecs-fargate']);
  });

  it('does not call a task definition for EC2 Fargate', () => {
    const ec2 = json({ ...TASK_DEFINITION, requiresCompatibilities: ['EC2'] });
    const found = facts('deploy/ecs/task-definition.json', ec2);
    expect(found.platform).toBeUndefined();
    expect(found.port).toEqual([5000]);
  });
});

describe('ECS services and scaling', () => {
  const service = {
    cluster: 'prod',
    serviceName: 'petstore',
    taskDefinition: 'petstore',
    desiredCount: 2,
    launchType: 'FARGATE',
    loadBalancers: [
      {
        targetGroupArn: 'arn:aws:tg',
        containerName: 'petstore',
        containerPort: 5000,
      },
    ],
    deploymentConfiguration: {
      minimumHealthyPercent: 100,
      maximumPercent: 200,
    },
  };

  it('reads a Fargate service and its rolling deployment', () => {
    expect(facts('deploy/ecs/service.json', json(service))).toEqual({
      platform: ['ecs-fargate'],
      deploymentStrategy: ['rolling'],
      port: [5000],
      // The guide's two tasks at least, on on-demand capacity.
      minReplicas: [2],
      spotCapacity: [false],
    });
  });

  it('reads Fargate capacity providers and CodeDeploy blue/green', () => {
    const blueGreen = {
      ...service,
      launchType: undefined,
      capacityProviderStrategy: [
        { capacityProvider: 'FARGATE_SPOT', weight: 1 },
      ],
      deploymentController: { type: 'CODE_DEPLOY' },
    };
    expect(facts('deploy/ecs/service.json', json(blueGreen))).toEqual({
      platform: ['ecs-fargate'],
      deploymentStrategy: ['blue-green'],
      practices: [['blue-green']],
      port: [5000],
      minReplicas: [2],
      spotCapacity: [true],
    });
  });

  it('reads a target-tracking policy and a scalable target', () => {
    const policy = {
      PolicyName: 'petstore-cpu-target-tracking',
      ServiceNamespace: 'ecs',
      ResourceId: 'service/prod/petstore',
      ScalableDimension: 'ecs:service:DesiredCount',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 70.0,
        PredefinedMetricSpecification: {
          PredefinedMetricType: 'ECSServiceAverageCPUUtilization',
        },
      },
    };
    const target = {
      ServiceNamespace: 'ecs',
      ResourceId: 'service/prod/petstore',
      ScalableDimension: 'ecs:service:DesiredCount',
      MinCapacity: 2,
      MaxCapacity: 10,
    };
    expect(facts('deploy/ecs/scaling-policy.json', json(policy))).toEqual({
      autoscaling: [true],
    });
    expect(facts('deploy/ecs/scalable-target.json', json(target))).toEqual({
      autoscaling: [true],
      minReplicas: [2],
    });
    // A fixed count is no autoscaling; it is still the minimum that runs.
    expect(
      observe(
        'deploy/ecs/scalable-target.json',
        json({ ...target, MaxCapacity: 2 }),
      ).map(o => [o.key, o.value]),
    ).toEqual([['minReplicas', 2]]);
    expect(
      observe(
        'table-scaling.json',
        json({ ...policy, ServiceNamespace: 'dynamodb' }),
      ),
    ).toEqual([]);
  });

  it('does not take any JSON with a serviceName for an ECS service', () => {
    expect(
      observe('config/app.json', json({ serviceName: 'petstore', port: 80 })),
    ).toEqual([]);
  });
});

describe('AWS Copilot', () => {
  const manifest = `# The manifest for the "api" service.
name: api
type: Load Balanced Web Service

http:
  path: '/'
  healthcheck:
    path: /healthz
    healthy_threshold: 3

image:
  build: api/Dockerfile
  port: 8080

cpu: 256
memory: 512
count:
  range: 1-10
  cpu_percentage: 70
exec: true
`;

  it('reads a Load Balanced Web Service', () => {
    expect(facts('copilot/api/manifest.yml', manifest)).toEqual({
      platform: ['ecs-fargate'],
      healthEndpoint: ['/healthz'],
      port: [8080],
      imageRegistry: [true],
      autoscaling: [true],
    });
  });

  it('reads a health check given as a path, and a fixed count as no autoscaling', () => {
    const simple = manifest
      .replace(
        /healthcheck:\n(.|\n)*?healthy_threshold: 3\n/,
        "healthcheck: '/status'\n",
      )
      .replace(/count:\n(.|\n)*?cpu_percentage: 70\n/, 'count: 2\n');
    const found = facts('services/copilot/api/manifest.yml', simple);
    expect(found.healthEndpoint).toEqual(['/status']);
    expect(found.autoscaling).toBeUndefined();
  });

  it('does not put App Runner or environments on Fargate', () => {
    const appRunner = manifest.replace(
      'Load Balanced Web Service',
      'Request-Driven Web Service',
    );
    expect(
      facts('copilot/api/manifest.yml', appRunner).platform,
    ).toBeUndefined();
    expect(
      observe(
        'copilot/environments/prod/manifest.yml',
        'name: prod\ntype: Environment\n',
      ),
    ).toEqual([]);
  });
});
