/*
 * Container images pushed to a cloud registry of the team's own: Amazon ECR, Azure Container
 * Registry, Google Container Registry and Artifact Registry. Public images (Docker Hub,
 * `public.ecr.aws`, `mcr.microsoft.com`, Google's public projects) are not the service's image.
 */

const REGISTRIES: readonly { name: string; host: RegExp }[] = [
  {
    name: 'Amazon ECR',
    host: /^[\w${}-]+\.dkr\.ecr\.[\w${}-]+\.amazonaws\.com(\.cn)?$/i,
  },
  {
    name: 'Azure Container Registry',
    host: /^[a-z0-9${}-]+\.azurecr\.(io|cn|us)$/i,
  },
  { name: 'Google Container Registry', host: /^((us|eu|asia)\.)?gcr\.io$/i },
  {
    name: 'Google Artifact Registry',
    host: /^[a-z0-9${}-]+-docker\.pkg\.dev$/i,
  },
];

// Projects on gcr.io / pkg.dev that publish public images (distroless bases, samples).
const PUBLIC_GOOGLE_PROJECTS =
  /^(distroless|google-containers|google_containers|google-samples|kaniko-project|cadvisor|cloudrun|k8s-artifacts-prod)$/i;

/**
 * The registry of an image reference (`123.dkr.ecr.eu-west-1.amazonaws.com/petstore:1.4`), or
 * of a bare registry host (`contoso.azurecr.io`); undefined for anything else.
 */
export function registryOf(reference: string): string | undefined {
  if (reference.length > 500) return undefined;
  const [host, project] = reference.trim().split('/');
  const registry = REGISTRIES.find(r => r.host.test(host.replace(/:\d+$/, '')));
  if (!registry) return undefined;
  if (
    registry.name.startsWith('Google') &&
    project &&
    PUBLIC_GOOGLE_PROJECTS.test(project)
  ) {
    return undefined;
  }
  return registry.name;
}

/** Registry hosts anywhere in a text, as in Terraform, Bicep and shell strings. */
const REFERENCE_IN_TEXT =
  /["'\s=]([\w${}.-]+\.(?:amazonaws\.com(?:\.cn)?|azurecr\.(?:io|cn|us)|gcr\.io|pkg\.dev)(?:\/[\w.-]+)?)/gi;

/** The registries of the quoted image references in a text. */
export function registriesInText(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(REFERENCE_IN_TEXT)) {
    const registry = registryOf(match[1]);
    if (registry) found.add(registry);
  }
  return [...found];
}
