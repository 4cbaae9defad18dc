/*
 * Terraform (HCL), read with regular expressions over its top-level blocks: a resource's type
 * says most of it (`aws_eks_cluster` is EKS), and a few literal attributes say the rest
 * (`launch_type = "FARGATE"`). Expressions are never evaluated, so a value set through a
 * variable is not seen. Any Terraform is the `iac` practice.
 */
import { Platform } from '@scaling-advisor/backstage-plugin-scaling-common';
import { cloudRunCapacity, ecsCapacity } from './capacity';
import { at } from './data';
import { commandPath, probePath } from './health';
import { Observations } from './observations';
import { registriesInText } from './registry';

interface Block {
  keyword: string;
  type: string;
  /** A resource's or module's name (`"api"`), when it has one. */
  name?: string;
  body: string;
}

type Rule = (
  body: string,
  label: string,
  out: Observations,
  name?: string,
) => void;

type Flag =
  | 'imageRegistry'
  | 'cdn'
  | 'monitoring'
  | 'backup'
  | 'ingress'
  | 'autoscaling'
  | 'cache'
  | 'reservedCapacity';

const platform =
  (value: Platform): Rule =>
  (_body, label, out) =>
    out.add('platform', value, label);
const present =
  (key: Flag): Rule =>
  (_body, label, out) =>
    out.add(key, true, label);

const HTTP_GET_PATH = /http_get\s*\{[^}]{0,500}?\bpath\s*=\s*"([^"\n]*)"/;

/** Cloud Run and Container Instances probes (`http_get { path = "/health" }`). */
const probe: Rule = (body, label, out) => {
  const path = probePath(HTTP_GET_PATH.exec(body)?.[1]);
  if (path) out.add('healthEndpoint', path, `${label} probe`);
};

/** A literal number set to an attribute (`max_capacity = 10`, `"maxScale" = "10"`). */
function number(body: string, attribute: RegExp): number | undefined {
  const match = new RegExp(
    `${attribute.source}\\s*[=:]\\s*"?(\\d{1,6})\\b`,
  ).exec(body);
  return match ? Number(match[1]) : undefined;
}

function portOf(body: string, attribute: RegExp): number | undefined {
  const found = number(body, attribute);
  return found !== undefined && found >= 1 && found <= 65535
    ? found
    : undefined;
}

/** Application Auto Scaling serves DynamoDB, RDS and others too: only ECS's counts. */
const ecsScaling: Rule = (body, label, out) => {
  const namespace = /\bservice_namespace\s*=\s*"(\w+)"/.exec(body)?.[1];
  if (namespace !== undefined && namespace !== 'ecs') return;
  const min = number(body, /\bmin_capacity/) ?? 0;
  const max = number(body, /\bmax_capacity/);
  if (max === undefined || max > min) out.add('autoscaling', true, label);
  if (/\bscalable_dimension\s*=\s*"ecs:service:DesiredCount"/.test(body)) {
    ecsCapacity(out, label, { minimum: number(body, /\bmin_capacity/) });
  }
};

const RESOURCES: ReadonlyMap<string, Rule[]> = new Map(
  Object.entries({
    aws_ecs_service: [
      (body, label, out) => {
        if (
          /\b(launch_type|capacity_provider)\s*=\s*"FARGATE(_SPOT)?"/.test(body)
        ) {
          out.add('platform', 'ecs-fargate', `${label} on Fargate`);
        }
        ecsCapacity(out, label, {
          desired: number(body, /\bdesired_count/),
          launchType: /\blaunch_type\s*=\s*"(\w+)"/.exec(body)?.[1],
          providers: [
            ...body.matchAll(/\bcapacity_provider\s*=\s*"(\w+)"/g),
          ].map(m => m[1]),
        });
        if (
          /deployment_controller\s*\{[^}]{0,200}?\btype\s*=\s*"CODE_DEPLOY"/.test(
            body,
          )
        ) {
          out.add(
            'deploymentStrategy',
            'blue-green',
            `${label} with CodeDeploy blue/green`,
          );
          out.add(
            'practices',
            ['blue-green'],
            `${label} with CodeDeploy blue/green`,
          );
        }
      },
    ],
    aws_ecs_task_definition: [
      (body, label, out) => {
        if (
          /\brequires_compatibilities\s*=\s*\[[^\]]{0,200}"FARGATE"/.test(body)
        ) {
          out.add('platform', 'ecs-fargate', `${label} for Fargate`);
        }
        // Container definitions are JSON in a heredoc or HCL in `jsonencode`: keys quoted or not.
        const found = portOf(body, /\bcontainerPort"?/);
        if (found) out.add('port', found, `${label} port mapping`);
        const check = /\bhealthCheck"?\s*[=:]/.exec(body);
        const path =
          check && commandPath(body.slice(check.index, check.index + 500));
        if (path)
          out.add('healthEndpoint', path, `${label} container health check`);
      },
    ],
    aws_lb_target_group: [targetGroupHealthCheck],
    aws_alb_target_group: [targetGroupHealthCheck],
    aws_appautoscaling_policy: [ecsScaling],
    aws_appautoscaling_target: [ecsScaling],
    aws_eks_cluster: [platform('eks')],
    aws_eks_node_group: [platform('eks')],
    azurerm_kubernetes_cluster: [platform('aks')],
    google_container_cluster: [platform('gke')],
    google_container_node_pool: [platform('gke')],
    google_cloud_run_service: [
      platform('cloud-run'),
      probe,
      (body, label, out, name) => {
        const max = number(body, /"autoscaling\.knative\.dev\/max-?[sS]cale"/);
        if (max !== undefined && max !== 1)
          out.add('autoscaling', true, `${label} maxScale`);
        cloudRunCapacity(
          out,
          label,
          name,
          number(body, /"autoscaling\.knative\.dev\/min-?[sS]cale"/),
        );
        const found = portOf(body, /\bcontainer_port/);
        if (found) out.add('port', found, `${label} container port`);
      },
    ],
    google_cloud_run_v2_service: [
      platform('cloud-run'),
      probe,
      (body, label, out, name) => {
        const max = number(body, /\bmax_instance_count/);
        if (max !== undefined && max !== 1) {
          out.add('autoscaling', true, `${label} max_instance_count`);
        }
        cloudRunCapacity(
          out,
          label,
          name,
          number(body, /\bmin_instance_count/),
        );
        const found = portOf(body, /\bcontainer_port/);
        if (found) out.add('port', found, `${label} container port`);
      },
    ],
    azurerm_container_group: [platform('azure-container-instances'), probe],
    kubernetes_deployment: [platform('kubernetes')],
    kubernetes_deployment_v1: [platform('kubernetes')],
    kubernetes_stateful_set_v1: [platform('kubernetes')],
    helm_release: [platform('kubernetes')],
    kubernetes_horizontal_pod_autoscaler_v2: [present('autoscaling')],
    kubernetes_ingress_v1: [present('ingress')],
    aws_ecr_repository: [present('imageRegistry')],
    azurerm_container_registry: [present('imageRegistry')],
    google_artifact_registry_repository: [present('imageRegistry')],
    aws_cloudfront_distribution: [present('cdn')],
    azurerm_cdn_frontdoor_profile: [present('cdn')],
    azurerm_cdn_profile: [present('cdn')],
    google_compute_backend_service: [cdnEnabled],
    google_compute_backend_bucket: [cdnEnabled],
    aws_cloudwatch_metric_alarm: [present('monitoring')],
    azurerm_monitor_metric_alert: [present('monitoring')],
    google_monitoring_alert_policy: [present('monitoring')],
    aws_backup_plan: [present('backup')],
    aws_elasticache_cluster: [present('cache')],
    aws_elasticache_replication_group: [present('cache')],
    aws_elasticache_serverless_cache: [present('cache')],
    google_redis_instance: [present('cache')],
    google_memcache_instance: [present('cache')],
    azurerm_redis_cache: [present('cache')],
    aws_rds_reserved_db_instance: [present('reservedCapacity')],
    azurerm_backup_policy_vm: [present('backup')],
    azurerm_data_protection_backup_policy_postgresql_flexible_server: [
      present('backup'),
    ],
  }),
);

const HEALTH_CHECK_PATH =
  /health_check\s*(?:=\s*)?\{[^}]{0,800}?\bpath\s*=\s*"([^"\n]*)"/;

/** A load balancer target group's health check: what Fargate services are checked by. */
function targetGroupHealthCheck(
  body: string,
  label: string,
  out: Observations,
): void {
  const path = probePath(HEALTH_CHECK_PATH.exec(body)?.[1]);
  if (path) out.add('healthEndpoint', path, `${label} health check`);
}

function cdnEnabled(body: string, label: string, out: Observations): void {
  if (/\benable_cdn\s*=\s*true\b/.test(body))
    out.add('cdn', true, `${label} with Cloud CDN`);
}

const moduleSource = (path: string) =>
  new RegExp(String.raw`^(?:registry\.terraform\.io/)?${path}(?://|\?|$)`, 'i');

/** An ECS service of `terraform-aws-modules/ecs`: Fargate unless told EC2, autoscaled unless told not. */
const ecsServiceModule: Rule = (body, label, out) => {
  if (!/\b(launch_type|requires_compatibilities)\s*=\s*\[?\s*"EC2"/.test(body))
    out.add('platform', 'ecs-fargate', `${label} (Fargate by default)`);
  if (!/\benable_autoscaling\s*=\s*false\b/.test(body))
    out.add('autoscaling', true, `${label} (autoscaling on by default)`);
  const check = /\bhealth_?[cC]heck"?\s*[=:]/.exec(body);
  const path = check && commandPath(body.slice(check.index, check.index + 500));
  if (path) out.add('healthEndpoint', path, `${label} container health check`);
  const found =
    portOf(body, /\bcontainerPort"?/) ?? portOf(body, /\bcontainer_port/);
  if (found) out.add('port', found, `${label} container port`);
};

/**
 * The registry modules teams create their platform with, by source; each makes one kind of
 * platform only. Sources are matched with and without `registry.terraform.io/`, with a
 * `//modules/…` path or a `?ref=` after them.
 */
const MODULES: readonly [RegExp, Rule][] = [
  [moduleSource('terraform-aws-modules/eks/aws'), platform('eks')],
  [moduleSource('Azure/aks/azurerm'), platform('aks')],
  [
    moduleSource('terraform-google-modules/kubernetes-engine/google'),
    platform('gke'),
  ],
  [
    moduleSource('terraform-aws-modules/ecs/aws//modules/service'),
    ecsServiceModule,
  ],
  [
    moduleSource('terraform-aws-modules/ecs/aws'),
    (body, label, out) => {
      // The root module runs services only when it is given some.
      if (/\bservices\s*=\s*\{/.test(body)) ecsServiceModule(body, label, out);
    },
  ],
  [moduleSource('terraform-aws-modules/alb/aws'), targetGroupHealthCheck],
  [moduleSource('GoogleCloudPlatform/cloud-run/google'), platform('cloud-run')],
  [
    moduleSource(String.raw`[\w-]+/container-?instances?/azurerm`),
    platform('azure-container-instances'),
  ],
];

const TERRAFORM_BLOCK =
  /^[ \t]*(resource|data|module|provider|terraform|variable|output|locals)\b/m;
const BLOCK_HEADER =
  /^[ \t]*(resource|module)[ \t]+"([\w-]{1,100})"(?:[ \t]+"([\w-]{1,100})")?[ \t]*\{/gm;

export function recognizeTerraform(source: string, out: Observations): void {
  const code = withoutComments(source);
  if (!TERRAFORM_BLOCK.test(code)) return;
  out.add('practices', ['iac'], 'a Terraform configuration');
  for (const { keyword, type, name, body } of blocks(code)) {
    if (keyword === 'resource') {
      for (const rule of RESOURCES.get(type) ?? [])
        rule(body, `a Terraform ${type}`, out, name);
    } else {
      const from = /\bsource\s*=\s*"([^"\n]{1,300})"/.exec(body)?.[1] ?? '';
      const found = MODULES.find(([pattern]) => pattern.test(from));
      const module = from
        .replace(/^registry\.terraform\.io\//, '')
        .split('?')[0];
      if (found) found[1](body, `a Terraform module ${module}`, out, name);
    }
  }
  for (const registry of registriesInText(code)) {
    out.add('imageRegistry', true, `a Terraform image in ${registry}`);
  }
}

/** `resource "type" "name" { … }` and `module "name" { … }` blocks, each body up to its closing brace. */
function blocks(code: string): Block[] {
  const found: Block[] = [];
  BLOCK_HEADER.lastIndex = 0;
  for (
    let match = BLOCK_HEADER.exec(code);
    match;
    match = BLOCK_HEADER.exec(code)
  ) {
    const start = BLOCK_HEADER.lastIndex;
    const end = closingBrace(code, start);
    found.push({
      keyword: match[1],
      type: match[2],
      ...(match[3] ? { name: match[3] } : {}),
      body: code.slice(start, end),
    });
    // Blocks do not nest at the top level: the next header is after this body.
    BLOCK_HEADER.lastIndex = end;
  }
  return found;
}

/** The index of the brace closing the one just before `start`, skipping strings; the end if none. */
function closingBrace(code: string, start: number): number {
  let depth = 1;
  for (let i = start; i < code.length; i += 1) {
    const char = code[i];
    if (char === '"') {
      i = stringEnd(code, i);
    } else if (char === '{') {
      depth += 1;
    } else if (char === '}') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return code.length;
}

/** The index of the quote closing the string opened at `open`, or of the line's end. */
function stringEnd(code: string, open: number): number {
  for (let i = open + 1; i < code.length; i += 1) {
    if (code[i] === '\\') i += 1;
    else if (code[i] === '"' || code[i] === '\n') return i;
  }
  return code.length;
}

/** The code without its line and block comments, which may hold commented-out resources. */
function withoutComments(source: string): string {
  let code = '';
  let from = 0;
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (char === '"') {
      i = stringEnd(source, i);
    } else if (char === '#' || (char === '/' && source[i + 1] === '/')) {
      const end = source.indexOf('\n', i);
      code += source.slice(from, i);
      from = end === -1 ? source.length : end;
      i = from;
    } else if (char === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      code += source.slice(from, i);
      from = end === -1 ? source.length : end + 2;
      i = from - 1;
    }
  }
  return code + source.slice(from);
}

/** Terraform's JSON syntax (`*.tf.json`): its blocks are top-level keys. */
export function recognizeTerraformJson(
  document: unknown,
  out: Observations,
): void {
  if (
    ['resource', 'module', 'terraform', 'provider'].some(
      key => at(document, key) !== undefined,
    )
  ) {
    out.add('practices', ['iac'], 'a Terraform JSON configuration');
  }
}
