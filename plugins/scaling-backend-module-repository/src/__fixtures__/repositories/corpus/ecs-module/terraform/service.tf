module "ecs_service" {
  source  = "terraform-aws-modules/ecs/aws//modules/service"
  version = "~> 5.11"

  name        = "ecs-module"
  cluster_arn = var.cluster_arn
  cpu         = 512
  memory      = 1024

  container_definitions = {
    api = {
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecs-module:2.3.0"
      essential = true
      port_mappings = [
        {
          name          = "api"
          containerPort = 8080
          protocol      = "tcp"
        }
      ]
    }
  }

  autoscaling_min_capacity = 2
  autoscaling_max_capacity = 10
  subnet_ids               = var.private_subnets
}
