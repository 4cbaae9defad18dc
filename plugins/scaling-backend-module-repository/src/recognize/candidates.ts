/*
 * Which files are worth reading. Everything else is skipped unread, so this decides what a
 * repository scan costs: deployment and configuration formats only.
 */
import { isContainerFile } from './dockerfile';

// Dependencies and tooling caches hold other projects' manifests, not the service's.
const IGNORED_DIRECTORY = /(^|\/)(node_modules|\.git|vendor|\.terraform)\//;
// Large, and never evidence of how the service is deployed.
const LOCK_FILES = new Set(['package-lock.json', 'npm-shrinkwrap.json']);

const STRUCTURED = /\.(ya?ml|json|tf|bicep)$/i;

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function isCandidate(path: string): boolean {
  if (typeof path !== 'string' || IGNORED_DIRECTORY.test(path)) return false;
  const name = basename(path);
  if (LOCK_FILES.has(name)) return false;
  return (
    STRUCTURED.test(name) ||
    isContainerFile(name) ||
    name === 'Kustomization' ||
    // A Helm chart's helpers (`templates/_helpers.tpl`), which its templates include.
    (/\.tpl$/i.test(name) && /(^|\/)templates\//.test(path)) ||
    name === 'terragrunt.hcl' ||
    /^vector\.toml$/i.test(name) ||
    // Fluent Bit's classic format has a generic extension: only in a Fluent Bit directory or name.
    (/\.conf$/i.test(name) && /fluent-?bit|td-agent-bit/i.test(path))
  );
}
