/*
 * Infrastructure-as-code projects known by their project file: Pulumi (`Pulumi.yaml`) and the
 * AWS CDK (`cdk.json`). Terraform, Bicep and CloudFormation are read in files of their own.
 */
import { at, isRecord } from './data';
import { Observations } from './observations';

const PULUMI_PROJECT = /^Pulumi\.ya?ml$/;

export function isIacProjectFile(name: string): boolean {
  return PULUMI_PROJECT.test(name) || name === 'cdk.json';
}

export function recognizeIacProject(
  name: string,
  document: unknown,
  out: Observations,
): void {
  if (!isRecord(document)) return;
  if (PULUMI_PROJECT.test(name) && at(document, 'runtime') !== undefined) {
    out.add('practices', ['iac'], 'a Pulumi project');
  } else if (name === 'cdk.json' && typeof document.app === 'string') {
    out.add('practices', ['iac'], 'an AWS CDK app');
  }
}
