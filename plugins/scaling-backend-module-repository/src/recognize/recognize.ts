/*
 * One file → what it shows. The file's name picks its format; parsed documents then go to
 * every recognizer, each of which checks the shape it knows and ignores the rest. Repository
 * content is hostile input: it is only parsed (never evaluated), and nothing it holds can make
 * this throw.
 */
import { recognizeAlerting } from './alerting';
import { recognizeArm, recognizeBicep } from './azure';
import { basename, isCandidate } from './candidates';
import { recognizeCi } from './ci';
import { recognizeCloudFormation } from './cloudformation';
import { isComposeFile, recognizeCompose } from './compose';
import { isContainerFile, recognizeContainerFile } from './dockerfile';
import { isCopilotManifest, recognizeCopilot, recognizeEcsJson } from './ecs';
import { isIacProjectFile, recognizeIacProject } from './iac';
import { recognizeKubernetes } from './kubernetes';
import { Observations } from './observations';
import { isPackagingFile, recognizePackaging } from './packaging';
import { parseJson, parseYaml } from './parse';
import { isCiFile } from './scope';
import { recognizeSlo } from './slo';
import {
  recognizeFluentBitConf,
  recognizeTelemetry,
  recognizeVectorToml,
} from './telemetry';
import { recognizeTerraform, recognizeTerraformJson } from './terraform';
import { FileRecognition, RepositoryFile } from './types';

const EMPTY: FileRecognition = {
  observations: [],
  units: [],
  links: [],
  helmValues: [],
  skipped: [],
};

export function recognizeFile(file: RepositoryFile): FileRecognition {
  try {
    return recognize(file);
  } catch {
    // A document no recognizer expected (a stack overflow on absurd nesting, say) tells nothing.
    return { ...EMPTY, skipped: [] };
  }
}

function recognize({ path, text }: RepositoryFile): FileRecognition {
  const skipped: string[] = [];
  if (typeof text !== 'string' || !isCandidate(path))
    return { ...EMPTY, skipped };
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
    recognizeDocuments(path, name, parseJson(text), [], out);
  } else {
    const parsed = parseYaml(path, text);
    if (parsed.skipped) skipped.push(parsed.skipped);
    if (parsed.templated) {
      skipped.push(
        `${path}: a template that is not YAML until rendered (not part of a Helm chart); nothing in it is counted`,
      );
    }
    recognizeDocuments(path, name, parsed.documents, parsed.lines, out);
  }
  return {
    observations: out.list(),
    units: out.units(),
    links: out.links(),
    helmValues: out.helmValuesList(),
    skipped,
  };
}

function recognizeDocuments(
  path: string,
  name: string,
  documents: unknown[],
  lines: number[],
  out: Observations,
): void {
  const ci = isCiFile(path);
  documents.forEach((document, i) => {
    out.line = lines[i];
    if (ci) {
      // What CI runs builds the service; it does not run it.
      recognizeCi(document, out);
      return;
    }
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
    recognizeAlerting(document, out);
    recognizeTelemetry(name, document, out);
  });
  out.line = undefined;
}
