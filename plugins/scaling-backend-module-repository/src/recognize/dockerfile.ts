/*
 * Dockerfiles and Containerfiles: the repository builds a container image. Each is a deployment
 * unit named after what it builds (its folder, or `Dockerfile.<name>` / `<name>.Dockerfile`), so
 * that a Dockerfile for a search engine's image is not taken for the service's. Their `EXPOSE`
 * and `HEALTHCHECK` are the image's defaults, which the deployment (a probe, a task definition)
 * may override, so the summary ranks them last.
 */
import { posix } from 'node:path';
import { port } from './data';
import { commandPath } from './health';
import { Observations } from './observations';

const CONTAINER_FILE =
  /^(Dockerfile|Containerfile)([.-][\w.-]*)?$|\.(Dockerfile|Containerfile)$/i;

// `Dockerfile.md` documents a Dockerfile; its `FROM` lines are examples.
const DOCUMENT = /\.(md|markdown|txt|rst|adoc|html?)$/i;

export function isContainerFile(name: string): boolean {
  return CONTAINER_FILE.test(name) && !DOCUMENT.test(name);
}

const FROM = /^[ \t]*FROM[ \t]+\S/im;
const EXPOSE = /^[ \t]*EXPOSE[ \t]+(\d{1,5})/im;
const HEALTHCHECK =
  /^[ \t]*HEALTHCHECK[ \t]+(?:--\S+[ \t]+)*(CMD|NONE)\b[ \t]*(.{0,1000})$/im;

// Variants of one image (`Dockerfile.dev`), not images of their own.
const VARIANT =
  /^(dev|development|prod|production|local|test|ci|build|release|debug|alpine|slim|distroless)$/i;

/** What a Dockerfile builds, by its name or its folder's. */
function imageNameOf(path: string): string {
  const name = posix.basename(path);
  const suffix =
    /^(?:Dockerfile|Containerfile)[.-]([\w-]+)$/i.exec(name)?.[1] ??
    /^([\w-]+)\.(?:Dockerfile|Containerfile)$/i.exec(name)?.[1];
  if (suffix && !VARIANT.test(suffix)) return suffix;
  const folder = posix.basename(posix.dirname(path));
  return folder === '.' ? 'Dockerfile' : folder;
}

export function recognizeContainerFile(text: string, out: Observations): void {
  // Instructions continue on the next line after a trailing backslash; line numbers are of
  // the original text.
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  const joined = text.replace(/\\\r?\n/g, m => ' '.repeat(m.length));
  const from = FROM.exec(joined);
  if (!from) return;
  out.line = lineOf(from.index);
  const unit = out.unit({
    resource: 'Dockerfile',
    name: imageNameOf(out.path),
    images: [],
    builds: posix.dirname(out.path) === '.' ? '' : posix.dirname(out.path),
  });
  const of = [unit];
  out.add('containerized', true, 'a Dockerfile', of);
  const exposed = EXPOSE.exec(joined);
  const exposedPort = port(exposed?.[1]);
  if (exposed && exposedPort) {
    out.line = lineOf(exposed.index);
    out.add('port', exposedPort, 'a Dockerfile EXPOSE', of);
  }
  const check = HEALTHCHECK.exec(joined);
  if (check && check[1].toUpperCase() === 'CMD') {
    out.line = lineOf(check.index);
    const path = commandPath(check[2]);
    if (path) out.add('healthEndpoint', path, 'a Dockerfile HEALTHCHECK', of);
    else
      out.add('healthCheck', true, 'a Dockerfile HEALTHCHECK (a command)', of);
  }
  out.line = undefined;
}
