/*
 * AWS CloudFormation templates (YAML or JSON, also as AWS CDK and SAM synthesize them): the
 * `iac` practice the scaling guide names, and what their resources show. Short-form tags
 * (`!Ref`, `!Sub`) are read as the plain values they tag, so `TargetGroupArn: !Ref TargetGroup`
 * names the target group's logical id.
 *
 * A task definition's containers are deployment units. A load balancer's target group health
 * check (the usual one on Fargate) is a fact about the containers the ECS services register in
 * it (`LoadBalancers[].ContainerName`).
 */
import { at, entries, isRecord, records, text } from './data';
import { recognizeContainers, wholeCount } from './ecs';
import { ecsCapacity } from './capacity';
import { probePath } from './health';
import { Observations } from './observations';
import { LinkTarget } from './types';

const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];

interface Resource {
  id: string;
  type: string;
  properties: unknown;
}

/** The logical id a `!Ref X` / `{ Ref: X }` / `!GetAtt X.Arn` names. */
function refOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.split('.')[0];
  if (isRecord(value)) {
    const ref = text(value.Ref) ?? text(value['Fn::GetAtt']);
    if (ref) return ref.split('.')[0];
    const getAtt = value['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string')
      return getAtt[0];
  }
  return undefined;
}

function onFargate(properties: unknown): boolean {
  const strategy = at(properties, 'CapacityProviderStrategy');
  const providers = Array.isArray(strategy)
    ? strategy.map(item => at(item, 'CapacityProvider'))
    : [];
  return (
    at(properties, 'LaunchType') === 'FARGATE' ||
    providers.some(p => typeof p === 'string' && FARGATE_PROVIDERS.includes(p))
  );
}

export function recognizeCloudFormation(
  document: unknown,
  out: Observations,
): void {
  if (!isRecord(document)) return;
  const resources: Resource[] = entries(document.Resources).flatMap(
    ([id, resource]) => {
      const type = text(resource.Type);
      return type ? [{ id, type, properties: resource.Properties }] : [];
    },
  );
  const isTemplate =
    document.AWSTemplateFormatVersion !== undefined ||
    (resources.length > 0 &&
      resources.every(({ type }) => /^(AWS|Custom|Alexa)::/.test(type)));
  if (!isTemplate) return;
  out.add('practices', ['iac'], 'a CloudFormation template');

  const services = resources.filter(r => r.type === 'AWS::ECS::Service');
  for (const r of resources) {
    const properties = r.properties;
    switch (r.type) {
      case 'AWS::ECS::TaskDefinition': {
        const compatibilities = at(properties, 'RequiresCompatibilities');
        recognizeContainers(
          {
            containers: records(at(properties, 'ContainerDefinitions')),
            fargate:
              (Array.isArray(compatibilities) &&
                compatibilities.includes('FARGATE')) ||
              services.some(
                s =>
                  refOf(at(s.properties, 'TaskDefinition')) === r.id &&
                  onFargate(s.properties),
              ),
            what: 'a CloudFormation ECS task definition',
            keys: {
              name: 'Name',
              image: 'Image',
              healthCheck: 'HealthCheck',
              command: 'Command',
              portMappings: 'PortMappings',
              containerPort: 'ContainerPort',
              logConfiguration: 'LogConfiguration',
              logDriver: 'LogDriver',
            },
          },
          out,
        );
        break;
      }
      case 'AWS::ECS::Service':
        if (onFargate(properties))
          out.add(
            'platform',
            'ecs-fargate',
            'a CloudFormation ECS service on Fargate',
          );
        ecsCapacity(out, 'a CloudFormation ECS service', {
          desired: wholeCount(at(properties, 'DesiredCount')),
          launchType: text(at(properties, 'LaunchType')),
          providers: records(at(properties, 'CapacityProviderStrategy'))
            .map(item => text(item.CapacityProvider))
            .filter((p): p is string => !!p),
        });
        break;
      case 'AWS::ApplicationAutoScaling::ScalableTarget':
        if (
          at(properties, 'ScalableDimension') === 'ecs:service:DesiredCount'
        ) {
          ecsCapacity(out, 'a CloudFormation ECS scalable target', {
            minimum: wholeCount(at(properties, 'MinCapacity')),
          });
        }
        break;
      case 'AWS::ElasticLoadBalancingV2::TargetGroup': {
        const path = probePath(at(properties, 'HealthCheckPath'));
        if (!path) break;
        // The containers the services register in this target group.
        const targets: LinkTarget[] = [];
        for (const service of services) {
          for (const balancer of records(
            at(service.properties, 'LoadBalancers'),
          )) {
            const container = text(balancer.ContainerName);
            if (refOf(balancer.TargetGroupArn) === r.id && container)
              targets.push({
                by: 'name',
                name: container,
                resource: 'ECS container',
              });
          }
        }
        const link = out.link('target group', targets, { name: r.id });
        out.add(
          'healthEndpoint',
          path,
          'a load balancer target group health check',
          [link],
        );
        break;
      }
      case 'AWS::ApplicationAutoScaling::ScalingPolicy':
        out.add('autoscaling', true, 'a CloudFormation scaling policy');
        break;
      case 'AWS::EKS::Cluster':
        out.add('platform', 'eks', 'a CloudFormation EKS cluster');
        break;
      case 'AWS::ECR::Repository':
        out.add('imageRegistry', true, 'a CloudFormation ECR repository');
        break;
      case 'AWS::CloudFront::Distribution':
        out.add('cdn', true, 'a CloudFormation CloudFront distribution');
        break;
      case 'AWS::CloudWatch::Alarm':
        out.add('monitoring', true, 'a CloudFormation CloudWatch alarm');
        break;
      case 'AWS::Backup::BackupPlan':
        out.add('backup', true, 'a CloudFormation AWS Backup plan');
        break;
      case 'AWS::ElastiCache::CacheCluster':
      case 'AWS::ElastiCache::ReplicationGroup':
      case 'AWS::ElastiCache::ServerlessCache':
        out.add('cache', true, `a CloudFormation ${r.type.split('::')[2]}`);
        break;
      default:
    }
  }
}
