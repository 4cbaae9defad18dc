module "cloud_run" {
  source  = "GoogleCloudPlatform/cloud-run/google"
  version = "~> 0.10"

  service_name = "cloudrun-module"
  project_id   = var.project_id
  location     = "europe-west1"
  image        = "europe-west1-docker.pkg.dev/corpus/apps/cloudrun-module:1.0.0"
  limits = {
    cpu    = "1000m"
    memory = "512Mi"
  }
}
