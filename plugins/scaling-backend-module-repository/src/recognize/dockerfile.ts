/*
 * Dockerfiles and Containerfiles: the service builds a container image. Their `EXPOSE` and
 * `HEALTHCHECK` are the image's defaults, which the deployment (a probe, a task definition)
 * may override, so the summary ranks them last.
 */
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
  /^[ \t]*HEALTHCHECK[ \t]+(?:--\S+[ \t]+)*CMD[ \t]+(.{1,1000})$/im;

export function recognizeContainerFile(text: string, out: Observations): void {
  // Instructions continue on the next line after a trailing backslash.
  const source = text.replace(/\\\r?\n/g, ' ');
  if (!FROM.test(source)) return;
  out.add('containerized', true, 'a Dockerfile');
  const exposed = port(EXPOSE.exec(source)?.[1]);
  if (exposed) out.add('port', exposed, 'a Dockerfile EXPOSE');
  const path = commandPath(HEALTHCHECK.exec(source)?.[1]);
  if (path) out.add('healthEndpoint', path, 'a Dockerfile HEALTHCHECK');
}
