import { facts, observe } from './__testUtils__/observe';

const ECS = `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

resource "aws_ecr_repository" "petstore" {
  name = "petstore"
}

resource "aws_ecs_task_definition" "petstore" {
  family                   = "petstore"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode([
    {
      name         = "petstore"
      image        = "\${aws_ecr_repository.petstore.repository_url}:latest"
      portMappings = [{ containerPort = 5000, protocol = "tcp" }]
      healthCheck = {
        command  = ["CMD-SHELL", "curl -f http://localhost:5000/health || exit 1"]
        interval = 30
      }
    }
  ])
}

resource "aws_ecs_service" "petstore" {
  name            = "petstore" # the service's name in the console
  cluster         = aws_ecs_cluster.prod.id
  task_definition = aws_ecs_task_definition.petstore.arn
  desired_count   = 2
  launch_type     = "FARGATE"
}

resource "aws_appautoscaling_target" "petstore" {
  service_namespace  = "ecs"
  resource_id        = "service/prod/petstore"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = 2
  max_capacity       = 10
}
`;

describe('Terraform', () => {
  it('reads ECS on Fargate with its task definition and scaling', () => {
    expect(facts('infra/ecs.tf', ECS)).toEqual({
      practices: [['iac']],
      imageRegistry: [true],
      platform: ['ecs-fargate'],
      port: [5000],
      healthEndpoint: ['/health'],
      autoscaling: [true],
      // desired_count 2 and the scaling minimum 2; launch_type FARGATE is on-demand.
      minReplicas: [2],
      spotCapacity: [false],
    });
  });

  it('reads a container definition heredoc in JSON', () => {
    const heredoc = `resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = <<DEFINITIONS
[{ "name": "api", "image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:3",
   "portMappings": [{ "containerPort": 8080 }] }]
DEFINITIONS
}
`;
    expect(facts('infra/api.tf', heredoc)).toEqual({
      practices: [['iac']],
      port: [8080],
      imageRegistry: [true],
    });
  });

  it('ignores commented-out resources', () => {
    const commented = `# resource "aws_eks_cluster" "old" {
#   name = "old"
# }
/*
resource "google_container_cluster" "legacy" {}
*/
// resource "azurerm_kubernetes_cluster" "never" {}
resource "aws_s3_bucket" "assets" {
  bucket = "acme-assets" # not "aws_eks_cluster"
}
`;
    expect(facts('infra/main.tf', commented)).toEqual({ practices: [['iac']] });
  });

  it.each([
    ['resource "aws_eks_cluster" "prod" {\n  name = "prod"\n}\n', 'eks'],
    [
      'module "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "~> 20.0"\n}\n',
      'eks',
    ],
    [
      'resource "azurerm_kubernetes_cluster" "prod" {\n  name = "aks-prod"\n}\n',
      'aks',
    ],
    [
      'resource "google_container_cluster" "prod" {\n  name = "gke-prod"\n}\n',
      'gke',
    ],
    [
      'resource "azurerm_container_group" "petstore" {\n  os_type = "Linux"\n}\n',
      'azure-container-instances',
    ],
  ])('reads the platform of %j', (source, platform) => {
    expect(facts('infra/cluster.tf', source).platform).toEqual([platform]);
  });

  it('reads a Cloud Run v2 service', () => {
    const cloudRun = `resource "google_cloud_run_v2_service" "petstore" {
  name     = "petstore"
  location = "europe-west1"
  template {
    scaling {
      min_instance_count = 1
      max_instance_count = 10
    }
    containers {
      image = "europe-west1-docker.pkg.dev/acme-prod/services/petstore:1.4.2"
      ports {
        container_port = 8080
      }
      liveness_probe {
        http_get {
          path = "/health"
        }
      }
    }
  }
}
`;
    expect(facts('infra/run.tf', cloudRun)).toEqual({
      practices: [['iac']],
      platform: ['cloud-run'],
      healthEndpoint: ['/health'],
      autoscaling: [true],
      port: [8080],
      imageRegistry: [true],
      minReplicas: [1],
    });
  });

  it('reads CodeDeploy blue/green on an ECS service', () => {
    const blueGreen = `resource "aws_ecs_service" "api" {
  name = "api"
  deployment_controller {
    type = "CODE_DEPLOY"
  }
}
`;
    expect(facts('infra/api.tf', blueGreen)).toEqual({
      practices: [['iac'], ['blue-green']],
      deploymentStrategy: ['blue-green'],
    });
  });

  it('does not count scaling of another AWS service', () => {
    const dynamo = `resource "aws_appautoscaling_target" "table_read" {
  service_namespace  = "dynamodb"
  resource_id        = "table/orders"
  scalable_dimension = "dynamodb:table:ReadCapacityUnits"
  min_capacity       = 5
  max_capacity       = 100
}
`;
    expect(facts('infra/dynamo.tf', dynamo)).toEqual({ practices: [['iac']] });
  });

  it('counts any Terraform as iac, and nothing else as Terraform', () => {
    expect(
      facts('infra/variables.tf', 'variable "region" {\n  type = string\n}\n'),
    ).toEqual({
      practices: [['iac']],
    });
    expect(observe('infra/empty.tf', '# nothing here yet\n')).toEqual([]);
    expect(
      facts(
        'infra/main.tf.json',
        JSON.stringify({ resource: { aws_s3_bucket: { a: {} } } }),
      ),
    ).toEqual({ practices: [['iac']] });
    expect(facts('live/prod/terragrunt.hcl', 'include "root" {}\n')).toEqual({
      practices: [['iac']],
    });
  });

  it('reads what it can of unbalanced HCL', () => {
    const broken =
      'resource "aws_ecs_service" "api" {\n  launch_type = "FARGATE"\n  tags = { a = "}\n';
    expect(facts('infra/broken.tf', broken).platform).toEqual(['ecs-fargate']);
  });
});
