#!/usr/bin/env bash
# Deploys ${{ values.name }} to AWS ECS Fargate with the AWS CLI, as Scaling Advisor's scaling guide does it (scripts are
# enough at this tier; no Terraform or CloudFormation needed):
#   1. pushes the image to Amazon ECR,
#   2. registers task-definition.json (0.25 vCPU, 512 MiB, health check on ${{ values.healthPath }}),
#   3. creates or updates the service from service.json (${{ values.minReplicas }} tasks behind the ALB),
#   4. registers scalable-target.json (${{ values.minReplicas }}–${{ values.maxReplicas }} tasks) and
#      scaling-policy.json (target tracking at ${{ values.cpuTarget }}% average CPU).
# Fill in the placeholders of service.json (subnets, security group, target group) first.
#   AWS_REGION=eu-west-1 ./deploy/ecs-fargate/deploy.sh
set -euo pipefail
cd "$(dirname "$0")"

: "${AWS_REGION:?set AWS_REGION}"
ACCOUNT_ID="$(aws sts get-caller-identity --query Account --output text)"
REGISTRY="$ACCOUNT_ID.dkr.ecr.$AWS_REGION.amazonaws.com"
TAG="${IMAGE_TAG:-latest}"
CLUSTER="${{ values.cluster }}"
SERVICE="${{ values.name }}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fill() {
  sed -e "s/ACCOUNT_ID/$ACCOUNT_ID/g" -e "s/REGION/$AWS_REGION/g" \
      -e "s|/$SERVICE:latest|/$SERVICE:$TAG|" "$1" > "$work/$1"
}

echo "== 1. image -> $REGISTRY/$SERVICE:$TAG"
aws ecr describe-repositories --repository-names "$SERVICE" >/dev/null 2>&1 \
  || aws ecr create-repository --repository-name "$SERVICE" --image-scanning-configuration scanOnPush=true >/dev/null
aws ecr get-login-password | docker login --username AWS --password-stdin "$REGISTRY"
docker build -t "$REGISTRY/$SERVICE:$TAG" ../..
docker push "$REGISTRY/$SERVICE:$TAG"

echo "== 2. task definition"
fill task-definition.json
aws ecs register-task-definition --cli-input-json "file://$work/task-definition.json" >/dev/null

echo "== 3. service"
aws ecs describe-clusters --clusters "$CLUSTER" --query 'clusters[?status==`ACTIVE`].clusterName' --output text | grep -q . \
  || aws ecs create-cluster --cluster-name "$CLUSTER" --settings name=containerInsights,value=enabled >/dev/null
if aws ecs describe-services --cluster "$CLUSTER" --services "$SERVICE" \
     --query 'services[?status==`ACTIVE`].serviceName' --output text | grep -q .; then
  aws ecs update-service --cluster "$CLUSTER" --service "$SERVICE" --task-definition "$SERVICE" >/dev/null
else
  fill service.json
  aws ecs create-service --cli-input-json "file://$work/service.json" >/dev/null
fi

echo "== 4. autoscaling"
aws application-autoscaling register-scalable-target --cli-input-json file://scalable-target.json
aws application-autoscaling put-scaling-policy --cli-input-json file://scaling-policy.json >/dev/null

aws ecs wait services-stable --cluster "$CLUSTER" --services "$SERVICE"
echo "== $SERVICE is stable on $CLUSTER"
