module "gke" {
  source  = "terraform-google-modules/kubernetes-engine/google//modules/private-cluster"
  version = "~> 31.0"

  project_id        = var.project_id
  name              = "gke-module"
  region            = "europe-west1"
  network           = "vpc"
  subnetwork        = "gke"
  ip_range_pods     = "pods"
  ip_range_services = "services"

  node_pools = [
    {
      name         = "default"
      machine_type = "e2-standard-4"
      min_count    = 1
      max_count    = 4
    },
  ]
}
