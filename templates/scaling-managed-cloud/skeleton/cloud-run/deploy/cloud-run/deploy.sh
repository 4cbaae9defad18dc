#!/usr/bin/env bash
# Deploys ${{ values.name }} to Google Cloud Run, as Scaling Advisor's scaling guide does it: pushes the image to Artifact
# Registry and applies service.yaml (${{ values.minReplicas }}–${{ values.maxReplicas }} instances, 1 CPU, 512Mi,
# probes on ${{ values.healthPath }}).
#   PROJECT_ID=my-project REGION=us-central1 ./deploy/cloud-run/deploy.sh
set -euo pipefail
cd "$(dirname "$0")"

: "${PROJECT_ID:?set PROJECT_ID}"
: "${REGION:=us-central1}"
: "${REPOSITORY:=containers}"
TAG="${IMAGE_TAG:-latest}"
SERVICE="${{ values.name }}"
IMAGE="$REGION-docker.pkg.dev/$PROJECT_ID/$REPOSITORY/$SERVICE:$TAG"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== 1. image -> $IMAGE"
gcloud artifacts repositories describe "$REPOSITORY" --location "$REGION" --project "$PROJECT_ID" >/dev/null 2>&1 \
  || gcloud artifacts repositories create "$REPOSITORY" --repository-format docker --location "$REGION" --project "$PROJECT_ID"
gcloud auth configure-docker "$REGION-docker.pkg.dev" --quiet
docker build -t "$IMAGE" ../..
docker push "$IMAGE"

echo "== 2. service"
sed -e "s/PROJECT_ID/$PROJECT_ID/g" -e "s/REPOSITORY/$REPOSITORY/g" -e "s/REGION/$REGION/g" \
    -e "s|/$SERVICE:latest|/$SERVICE:$TAG|" service.yaml > "$work/service.yaml"
gcloud run services replace "$work/service.yaml" --region "$REGION" --project "$PROJECT_ID"
# Public service: remove this line for an internal one.
gcloud run services add-iam-policy-binding "$SERVICE" --region "$REGION" --project "$PROJECT_ID" \
  --member allUsers --role roles/run.invoker >/dev/null
gcloud run services describe "$SERVICE" --region "$REGION" --project "$PROJECT_ID" --format 'value(status.url)'
