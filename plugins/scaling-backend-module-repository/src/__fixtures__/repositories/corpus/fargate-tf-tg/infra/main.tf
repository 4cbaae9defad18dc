resource "aws_ecs_task_definition" "app" {
  family                   = "fargate-tf-tg"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode([{
    name  = "app"
    image = var.image
    portMappings = [{ containerPort = 8080 }]
  }])
}

resource "aws_ecs_service" "app" {
  name            = "fargate-tf-tg"
  cluster         = var.cluster_arn
  task_definition = aws_ecs_task_definition.app.arn
  desired_count   = 2
  launch_type     = "FARGATE"

  load_balancer {
    target_group_arn = aws_lb_target_group.app.arn
    container_name   = "app"
    container_port   = 8080
  }
}

resource "aws_lb_target_group" "app" {
  name        = "fargate-tf-tg"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = var.vpc_id

  health_check {
    path                = "/ping"
    matcher             = "200"
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}
