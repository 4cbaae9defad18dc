resource "aws_ecs_service" "playback_order" {
  name            = "playback-order"
  cluster         = var.cluster_arn
  task_definition = var.task_definition_arn
  desired_count   = 2
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = var.private_subnet_ids
    security_groups = [var.service_security_group_id]
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.playback_order.arn
    container_name   = "playback-order"
    container_port   = 8080
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
}

resource "aws_lb_target_group" "playback_order" {
  name        = "playback-order"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = var.vpc_id

  health_check {
    path    = "/health"
    matcher = "200"
  }
}

resource "aws_appautoscaling_target" "playback_order" {
  service_namespace  = "ecs"
  resource_id        = "service/${var.cluster_name}/${aws_ecs_service.playback_order.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = 2
  max_capacity       = 8
}

resource "aws_appautoscaling_policy" "playback_order_cpu" {
  name               = "playback-order-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.playback_order.service_namespace
  resource_id        = aws_appautoscaling_target.playback_order.resource_id
  scalable_dimension = aws_appautoscaling_target.playback_order.scalable_dimension

  target_tracking_scaling_policy_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
    target_value = 60
  }
}

resource "aws_cloudwatch_log_group" "playback_order" {
  name              = "/ecs/playback-order"
  retention_in_days = 30
}
