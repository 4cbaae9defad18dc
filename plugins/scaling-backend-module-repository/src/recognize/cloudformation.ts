/*
 * AWS CloudFormation templates (YAML or JSON, also as AWS CDK and SAM synthesize them): the
 * `iac` practice the scaling guide names, and what their resource types show. Short-form tags
 * (`!Ref`, `!Sub`) are read as the plain values they tag.
 */
import { at, entries, isRecord, text } from './data';
import { Observations } from './observations';

type Rule = (properties: unknown, out: Observations) => void;

const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];

const RESOURCES: ReadonlyMap<string, Rule> = new Map<string, Rule>([
  [
    'AWS::ECS::Service',
    (properties, out) => {
      const strategy = at(properties, 'CapacityProviderStrategy');
      const providers = Array.isArray(strategy)
        ? strategy.map(item => at(item, 'CapacityProvider'))
        : [];
      if (
        at(properties, 'LaunchType') === 'FARGATE' ||
        providers.some(
          provider =>
            typeof provider === 'string' &&
            FARGATE_PROVIDERS.includes(provider),
        )
      ) {
        out.add(
          'platform',
          'ecs-fargate',
          'a CloudFormation ECS service on Fargate',
        );
      }
    },
  ],
  [
    'AWS::ECS::TaskDefinition',
    (properties, out) => {
      const compatibilities = at(properties, 'RequiresCompatibilities');
      if (
        Array.isArray(compatibilities) &&
        compatibilities.includes('FARGATE')
      ) {
        out.add(
          'platform',
          'ecs-fargate',
          'a CloudFormation ECS task definition for Fargate',
        );
      }
    },
  ],
  [
    'AWS::ApplicationAutoScaling::ScalingPolicy',
    (_, out) => out.add('autoscaling', true, 'a CloudFormation scaling policy'),
  ],
  [
    'AWS::EKS::Cluster',
    (_, out) => out.add('platform', 'eks', 'a CloudFormation EKS cluster'),
  ],
  [
    'AWS::ECR::Repository',
    (_, out) =>
      out.add('imageRegistry', true, 'a CloudFormation ECR repository'),
  ],
  [
    'AWS::CloudFront::Distribution',
    (_, out) =>
      out.add('cdn', true, 'a CloudFormation CloudFront distribution'),
  ],
  [
    'AWS::CloudWatch::Alarm',
    (_, out) =>
      out.add('monitoring', true, 'a CloudFormation CloudWatch alarm'),
  ],
  [
    'AWS::Backup::BackupPlan',
    (_, out) => out.add('backup', true, 'a CloudFormation AWS Backup plan'),
  ],
]);

export function recognizeCloudFormation(
  document: unknown,
  out: Observations,
): void {
  if (!isRecord(document)) return;
  const resources = entries(document.Resources).flatMap(([, resource]) => {
    const type = text(resource.Type);
    return type ? [{ type, properties: resource.Properties }] : [];
  });
  const isTemplate =
    document.AWSTemplateFormatVersion !== undefined ||
    (resources.length > 0 &&
      resources.every(({ type }) => /^(AWS|Custom|Alexa)::/.test(type)));
  if (!isTemplate) return;
  out.add('practices', ['iac'], 'a CloudFormation template');
  for (const { type, properties } of resources) {
    RESOURCES.get(type)?.(properties, out);
  }
}
