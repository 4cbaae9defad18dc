import { facts, observe } from './__testUtils__/observe';

describe('infrastructure as code', () => {
  it('reads a Pulumi project and an AWS CDK app', () => {
    const pulumi =
      'name: petstore-infra\nruntime: nodejs\ndescription: Petstore on AWS\n';
    const cdk = JSON.stringify({
      app: 'npx ts-node --prefer-ts-exts bin/petstore.ts',
      context: {},
    });
    expect(facts('infra/Pulumi.yaml', pulumi)).toEqual({
      practices: [['iac']],
    });
    expect(facts('infra/cdk.json', cdk)).toEqual({ practices: [['iac']] });
    expect(observe('infra/Pulumi.yaml', 'name: petstore-infra\n')).toEqual([]);
  });

  it('reads a CloudFormation template with short-form tags', () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Description: Petstore on Fargate
Resources:
  Repository:
    Type: AWS::ECR::Repository
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref Cluster
      LaunchType: FARGATE
      TaskDefinition: !Ref TaskDefinition
      DesiredCount: 2
  ScalingPolicy:
    Type: AWS::ApplicationAutoScaling::ScalingPolicy
    Properties:
      PolicyType: TargetTrackingScaling
      ScalingTargetId: !Ref ScalableTarget
`;
    expect(facts('infra/petstore.cfn.yaml', template)).toEqual({
      practices: [['iac']],
      imageRegistry: [true],
      platform: ['ecs-fargate'],
      autoscaling: [true],
      minReplicas: [2],
      spotCapacity: [false],
    });
  });

  it('does not take any Resources mapping for CloudFormation', () => {
    const other = 'Resources:\n  cpu: { Type: quota, limit: 4 }\n';
    expect(observe('config/limits.yaml', other)).toEqual([]);
  });
});
