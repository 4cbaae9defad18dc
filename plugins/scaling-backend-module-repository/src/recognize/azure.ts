/*
 * Azure resources, from ARM templates (JSON) and Bicep. Bicep is read with regular expressions
 * (its resource declarations are `resource name 'Type@version'`), never compiled.
 *
 * Bicep counts as the `iac` practice, as Terraform does. An ARM template does not: the Scaling
 * Advisor's own managed-cloud template ships one container-group template deployed by a script,
 * which is the "scripts are enough" the scaling guide recommends.
 */
import { Data, at, isRecord, port, records, text } from './data';
import { commandPath, probePath } from './health';
import { Observations } from './observations';
import { registriesInText, registryOf } from './registry';

const CONTAINER_GROUP = 'microsoft.containerinstance/containergroups';

/** What a resource's type alone shows; `via` says where it was declared. */
function recognizeType(type: string, via: string, out: Observations): void {
  switch (type.toLowerCase()) {
    case CONTAINER_GROUP:
      out.add(
        'platform',
        'azure-container-instances',
        `${via} container group (Azure Container Instances)`,
      );
      break;
    case 'microsoft.containerservice/managedclusters':
      out.add('platform', 'aks', `${via} AKS cluster`);
      break;
    case 'microsoft.containerregistry/registries':
      out.add('imageRegistry', true, `${via} Azure Container Registry`);
      break;
    case 'microsoft.cdn/profiles':
    case 'microsoft.network/frontdoors':
      out.add('cdn', true, `${via} Azure Front Door or CDN profile`);
      break;
    case 'microsoft.insights/metricalerts':
      out.add('monitoring', true, `${via} Azure Monitor metric alert`);
      break;
    default:
  }
}

export function recognizeArm(document: unknown, out: Observations): void {
  for (const resource of armResources(at(document, 'resources'), 0)) {
    const type = resource.type;
    if (typeof type !== 'string') continue;
    if (type.toLowerCase() === CONTAINER_GROUP)
      recognizeContainerGroup(resource, at(document, 'parameters'), out);
    else recognizeType(type, 'an ARM template', out);
  }
}

/** A template's resources, as an array or (language version 2.0) by symbolic name, with their children. */
function armResources(value: unknown, depth: number): Data[] {
  const list = isRecord(value)
    ? Object.values(value).filter(isRecord)
    : records(value);
  if (depth >= 3) return list;
  return list.flatMap(resource => [
    resource,
    ...armResources(resource.resources, depth + 1),
  ]);
}

/** A container group's containers, each a deployment unit. */
function recognizeContainerGroup(
  resource: Data,
  parameters: unknown,
  out: Observations,
): void {
  // `[parameters('containerImage')]`: the parameter's default, when the template has one.
  const imageOf = (container: Data) => {
    const image = text(at(container, 'properties', 'image'));
    const parameter =
      image && /^\[parameters\('([\w-]+)'\)\]$/.exec(image)?.[1];
    return parameter ? text(at(parameters, parameter, 'defaultValue')) : image;
  };
  const containers = records(at(resource, 'properties', 'containers'));
  const ids = containers.map(container => {
    const image = imageOf(container);
    return out.unit({
      resource: 'ACI container',
      name: text(container.name) ?? 'container',
      images: image ? [image] : [],
    });
  });
  out.add(
    'platform',
    'azure-container-instances',
    'an ARM template container group (Azure Container Instances)',
    ids,
  );
  containers.forEach((container, i) => {
    const of = [ids[i]];
    const properties = at(container, 'properties');
    for (const [probe, label] of [
      ['readinessProbe', 'readiness'],
      ['livenessProbe', 'liveness'],
    ]) {
      const check = at(properties, probe);
      if (!isRecord(check)) continue;
      const path =
        probePath(at(check, 'httpGet', 'path')) ??
        commandPath(at(check, 'exec', 'command'));
      if (path)
        out.add(
          'healthEndpoint',
          path,
          `an Azure Container Instances ${label} probe`,
          of,
        );
      else
        out.add(
          'healthCheck',
          true,
          `an Azure Container Instances ${label} probe`,
          of,
        );
    }
    const found = records(at(properties, 'ports'))
      .map(p => port(p.port))
      .find(p => p !== undefined);
    if (found)
      out.add('port', found, 'an Azure Container Instances container port', of);
    const image = imageOf(container);
    const registry = image && registryOf(image);
    if (registry)
      out.add(
        'imageRegistry',
        true,
        `an Azure Container Instances image in ${registry}`,
        of,
      );
  });
  if (isRecord(at(resource, 'properties', 'diagnostics', 'logAnalytics'))) {
    out.add(
      'observability',
      ['logging'],
      'container group logs to Log Analytics',
      ids,
    );
  }
}

const BICEP_DECLARATION =
  /^[ \t]*(resource|module|param|var|output|targetScope)\b/m;
const BICEP_RESOURCE =
  /^[ \t]*resource[ \t]+\w+[ \t]+'([\w.]+\/[\w/.]+)@[\w.-]+'/gm;
const BICEP_PROBE_PATH =
  /httpGet\s*:\s*\{[^}]{0,500}?\bpath\s*:\s*'([^'\n]*)'/g;

export function recognizeBicep(source: string, out: Observations): void {
  if (!BICEP_DECLARATION.test(source)) return;
  out.add('practices', ['iac'], 'a Bicep template');
  for (const match of source.matchAll(BICEP_RESOURCE)) {
    recognizeType(match[1], 'a Bicep', out);
  }
  if (/'Microsoft\.ContainerInstance\/containerGroups@/i.test(source)) {
    for (const match of source.matchAll(BICEP_PROBE_PATH)) {
      const path = probePath(match[1]);
      if (path)
        out.add(
          'healthEndpoint',
          path,
          'an Azure Container Instances probe (Bicep)',
        );
    }
  }
  for (const registry of registriesInText(source)) {
    out.add('imageRegistry', true, `a Bicep image in ${registry}`);
  }
}
