module "aks" {
  source  = "Azure/aks/azurerm"
  version = "9.1.0"

  resource_group_name = azurerm_resource_group.main.name
  prefix              = "aksmod"
  kubernetes_version  = "1.29"
  agents_size         = "Standard_D4s_v5"
  enable_auto_scaling = true
  agents_min_count    = 2
  agents_max_count    = 5
}
