/*
 * Kubernetes packaging known by its file name: a Helm chart's `Chart.yaml` and a Kustomize
 * `kustomization.yaml` (which needs no `apiVersion`, so the manifest recognizer cannot see it).
 */
import { Platform } from '@scaling-advisor/backstage-plugin-scaling-common';
import { at, isRecord } from './data';
import { Observations } from './observations';

const KUSTOMIZATION_FILE = /^(kustomization\.ya?ml|Kustomization)$/;

export function isPackagingFile(name: string): boolean {
  return name === 'Chart.yaml' || KUSTOMIZATION_FILE.test(name);
}

const KUBERNETES_PLATFORMS: readonly Platform[] = [
  'eks',
  'aks',
  'gke',
  'kubernetes',
];

export function recognizePackaging(
  name: string,
  document: unknown,
  out: Observations,
): void {
  if (!isRecord(document)) return;
  if (name === 'Chart.yaml') {
    const apiVersion = document.apiVersion;
    if (
      (apiVersion !== 'v1' && apiVersion !== 'v2') ||
      typeof document.name !== 'string'
    ) {
      return;
    }
    out.add('helmChart', true, 'a Helm chart');
    // The chart may say which cluster it is for, as the Scaling Advisor templates write it.
    const declared = at(document, 'annotations', 'scaling.io/platform');
    const platform = KUBERNETES_PLATFORMS.find(p => p === declared);
    if (platform) {
      out.add(
        'platform',
        platform,
        `a Helm chart annotated scaling.io/platform: ${platform}`,
      );
    } else {
      out.add('platform', 'kubernetes', 'a Helm chart');
    }
  } else {
    out.add('platform', 'kubernetes', 'a Kustomize kustomization');
  }
}
