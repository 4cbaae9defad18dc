#!/usr/bin/env bash
# Deploys ${{ values.name }} to Azure Container Instances, as Scaling Advisor's scaling guide does it: pushes the image to
# Azure Container Registry and deploys container-group.json (1 CPU, 1.5 GB per group, probes on
# ${{ values.healthPath }}) with container-group.parameters.json. Fill in that file's placeholders first,
# then add the groups' private IPs (printed at the end) to the Application Gateway's backend pool.
#   RESOURCE_GROUP=rg-${{ values.name }} REGISTRY=myregistry ./deploy/azure-container-instances/deploy.sh
set -euo pipefail
cd "$(dirname "$0")"

: "${RESOURCE_GROUP:?set RESOURCE_GROUP}"
: "${REGISTRY:?set REGISTRY (the ACR name)}"
TAG="${IMAGE_TAG:-latest}"
SERVICE="${{ values.name }}"
IMAGE="$REGISTRY.azurecr.io/$SERVICE:$TAG"

echo "== 1. image -> $IMAGE"
az acr build --registry "$REGISTRY" --image "$SERVICE:$TAG" ../..

echo "== 2. container groups"
az deployment group create \
  --resource-group "$RESOURCE_GROUP" \
  --name "$SERVICE-$(date -u +%Y%m%d%H%M%S)" \
  --template-file container-group.json \
  --parameters @container-group.parameters.json \
  --parameters containerImage="$IMAGE" \
  --query properties.outputs.privateIps.value --output tsv
