/*
 * Kubernetes objects that say how a repository keeps its secrets, and Namespaces that enforce a
 * Pod Security Standard (the guide's "Best Practices for Kubernetes: Security").
 *
 * Secrets from a manager: External Secrets (`ExternalSecret`, `SecretStore`,
 * `ClusterSecretStore`), Sealed Secrets (`SealedSecret`, encrypted in Git), the Secrets Store
 * CSI driver (`SecretProviderClass`). A plain `Secret` whose data is written in the repository
 * is the opposite, unless SOPS encrypted it (a `sops` key); one that a Helm chart's template
 * renders from values is not counted: its data is whatever the values hold at install.
 */
import { Data, at, isRecord, text } from './data';
import { Observations } from './observations';

interface KubernetesObject {
  group: string;
  kind: string;
  name?: string;
  data: Data;
}

const MANAGERS: readonly [RegExp, RegExp, string][] = [
  [
    /^external-secrets\.io$/,
    /^(ExternalSecret|ClusterExternalSecret|SecretStore|ClusterSecretStore)$/,
    'External Secrets',
  ],
  [/^bitnami\.com$/, /^SealedSecret$/, 'Sealed Secrets'],
  [
    /^secrets-store\.csi\.x-k8s\.io$/,
    /^SecretProviderClass$/,
    'the Secrets Store CSI driver',
  ],
];

function hasEntries(value: unknown): boolean {
  return isRecord(value) && Object.keys(value).length > 0;
}

/** Whether the path is a Helm chart's template (rendered from values). */
function isChartTemplate(path: string): boolean {
  return /(^|\/)templates\//.test(path);
}

/** Records what a secret object shows; false when the object is no secret. */
export function recognizeSecretObject(
  { group, kind, data }: KubernetesObject,
  out: Observations,
): boolean {
  const manager = MANAGERS.find(([g, k]) => g.test(group) && k.test(kind));
  if (manager) {
    out.add('secretManagement', true, `a ${manager[2]} ${kind}`);
    return true;
  }
  if (group !== '' || kind !== 'Secret') return false;
  const written = hasEntries(data.data) || hasEntries(data.stringData);
  if (written && !isRecord(data.sops) && !isChartTemplate(out.path)) {
    out.add(
      'secretManagement',
      false,
      'a plain Secret with its data in the repository',
    );
  }
  return true;
}

/**
 * A Namespace labelled `pod-security.kubernetes.io/enforce: restricted`: the workloads in it
 * run under the restricted standard, whatever their own spec says (the admission controller
 * refuses the others).
 */
export function recognizeNamespaceSecurity(
  { name, data }: KubernetesObject,
  out: Observations,
): void {
  const level = text(
    at(data, 'metadata', 'labels', 'pod-security.kubernetes.io/enforce'),
  );
  if (!name || level !== 'restricted') return;
  out.link('Namespace', [{ by: 'namespace', name }], { name });
}
