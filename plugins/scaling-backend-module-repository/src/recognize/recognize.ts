/*
 * One file → what it shows. The file's name picks its format; parsed documents then go to
 * every recognizer, each of which checks the shape it knows and ignores the rest. Repository
 * content is hostile input: it is only parsed (never evaluated), and nothing it holds can make
 * this throw.
 */
import { recognizeArm, recognizeBicep } from './azure';
import { basename, isCandidate } from './candidates';
import { recognizeCloudFormation } from './cloudformation';
import { isComposeFile, recognizeCompose } from './compose';
import { stringsOf } from './data';
import { isContainerFile, recognizeContainerFile } from './dockerfile';
import { isCopilotManifest, recognizeCopilot, recognizeEcsJson } from './ecs';
import { isIacProjectFile, recognizeIacProject } from './iac';
import { recognizeKubernetes } from './kubernetes';
import { Observations } from './observations';
import { isPackagingFile, recognizePackaging } from './packaging';
import { parseJson, parseYaml } from './parse';
import { registryOf } from './registry';
import { recognizeSlo } from './slo';
import {
  recognizeFluentBitConf,
  recognizeTelemetry,
  recognizeVectorToml,
} from './telemetry';
import { recognizeTerraform, recognizeTerraformJson } from './terraform';
import { FileRecognition, RepositoryFile } from './types';

export function recognizeFile(file: RepositoryFile): FileRecognition {
  try {
    return recognize(file);
  } catch {
    // A document no recognizer expected (a stack overflow on absurd nesting, say) tells nothing.
    return { observations: [], skipped: [] };
  }
}

function recognize({ path, text }: RepositoryFile): FileRecognition {
  const skipped: string[] = [];
  if (typeof text !== 'string' || !isCandidate(path))
    return { observations: [], skipped };
  const name = basename(path);
  const out = new Observations(path);
  if (isContainerFile(name)) {
    recognizeContainerFile(text, out);
  } else if (/\.tf$/i.test(name)) {
    recognizeTerraform(text, out);
  } else if (name === 'terragrunt.hcl') {
    out.add('practices', ['iac'], 'a Terragrunt configuration');
  } else if (/\.bicep$/i.test(name)) {
    recognizeBicep(text, out);
  } else if (/\.conf$/i.test(name)) {
    recognizeFluentBitConf(text, out);
  } else if (/\.toml$/i.test(name)) {
    recognizeVectorToml(text, out);
  } else if (/\.json$/i.test(name)) {
    recognizeDocuments(path, name, parseJson(text), out);
  } else {
    const parsed = parseYaml(path, text);
    if (parsed.skipped) skipped.push(parsed.skipped);
    recognizeDocuments(path, name, parsed.documents, out);
  }
  return { observations: out.list(), skipped };
}

function recognizeDocuments(
  path: string,
  name: string,
  documents: unknown[],
  out: Observations,
): void {
  for (const document of documents) {
    if (isComposeFile(name)) recognizeCompose(name, document, out);
    if (isPackagingFile(name)) recognizePackaging(name, document, out);
    if (isIacProjectFile(name)) recognizeIacProject(name, document, out);
    if (isCopilotManifest(path)) recognizeCopilot(document, out);
    if (/\.tf\.json$/i.test(name)) recognizeTerraformJson(document, out);
    recognizeKubernetes(document, out);
    recognizeEcsJson(document, out);
    recognizeArm(document, out);
    recognizeCloudFormation(document, out);
    recognizeSlo(document, out);
    recognizeTelemetry(name, document, out);
    for (const value of stringsOf(document)) {
      const registry = registryOf(value);
      if (registry) out.add('imageRegistry', true, `an image in ${registry}`);
    }
  }
}
