/*
 * Continuous integration files (GitHub Actions, GitLab CI, Cloud Build, Azure Pipelines…). They
 * run images to build the service (an SDK, `docker:dind`, `gcr.io/cloud-builders/docker`), and
 * those are not the service's image: only the images CI pushes (`docker push`, `-t`/`--tag`,
 * Cloud Build's `images:`, `docker/build-push-action`'s `tags`) say which registry the service
 * ships to.
 */
import { at, isRecord, records, stringsOf, text } from './data';
import { Observations } from './observations';
import { registryOf } from './registry';

// An image named for a build or a push in a shell line.
const PUSHED =
  /(?:\bdocker\s+push\s+|(?:^|\s)(?:-t|--tag)(?:\s+|=))["']?([^\s"']+)/g;

function pushedIn(line: string): string[] {
  return [...line.matchAll(PUSHED)].map(m => m[1]);
}

export function recognizeCi(document: unknown, out: Observations): void {
  const pushed: string[] = [];
  // Cloud Build: the images it pushes, and its build steps' `-t` arguments.
  for (const image of Array.isArray(at(document, 'images'))
    ? (at(document, 'images') as unknown[])
    : []) {
    const name = text(image);
    if (name) pushed.push(name);
  }
  for (const step of records(at(document, 'steps'))) {
    const args = step.args;
    if (Array.isArray(args))
      pushed.push(
        ...pushedIn(args.filter(a => typeof a === 'string').join(' ')),
      );
  }
  // Everything else: shell lines (`run:`, `script:`) and build actions' `tags`.
  for (const value of stringsOf(document)) {
    if (value.length > 20_000) continue;
    pushed.push(...pushedIn(value));
  }
  const jobs = at(document, 'jobs');
  for (const job of isRecord(jobs) ? Object.values(jobs) : []) {
    for (const step of records(at(job, 'steps'))) {
      const tags = text(at(step, 'with', 'tags'));
      if (tags) pushed.push(...tags.split(/[\s,]+/).filter(Boolean));
    }
  }
  const seen = new Set<string>();
  for (const image of pushed) {
    const registry = registryOf(image);
    if (registry && !seen.has(registry)) {
      seen.add(registry);
      out.add('imageRegistry', true, `CI pushes the image to ${registry}`);
    }
  }
}
