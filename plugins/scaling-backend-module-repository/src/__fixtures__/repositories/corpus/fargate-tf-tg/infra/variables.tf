variable "image" { type = string }
variable "cluster_arn" { type = string }
variable "vpc_id" { type = string }
