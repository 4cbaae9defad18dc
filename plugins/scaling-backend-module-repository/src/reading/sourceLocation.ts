import { ANNOTATION_SOURCE_LOCATION } from '@backstage/catalog-model';
import parseGitUrl from 'git-url-parse';

/** Where an entity's source tree is: its repository, and its folder in it. */
export interface SourceTree {
  /** Identifies the repository and ref: entities with the same key share one read. */
  repoKey: string;
  /** The URL of the repository's root at that ref, for `readTree`. */
  rootUrl: string;
  /** The entity's folder in the repository, no leading or trailing slash; '' for the root. */
  subpath: string;
}

/**
 * The source tree of an entity from `backstage.io/source-location` (`url:https://…`), which
 * the catalog sets for every entity registered from a URL; undefined when it has none or it is
 * not a URL. Parsed as Backstage's own UrlReaders parse repository URLs, so that the root URL
 * is one they read.
 */
export function sourceTreeOf(
  annotations: Record<string, string>,
): SourceTree | undefined {
  const location = annotations[ANNOTATION_SOURCE_LOCATION];
  if (!location || !location.startsWith('url:')) return undefined;
  const target = location.slice('url:'.length);
  let url: URL;
  let parsed: ReturnType<typeof parseGitUrl>;
  try {
    url = new URL(target);
    parsed = parseGitUrl(target);
  } catch {
    return undefined;
  }
  if (!parsed.full_name) return undefined;
  const subpath = (parsed.filepath ?? '').replace(/^\/+|\/+$/g, '');
  const root = new URL(url.toString());
  if (subpath) {
    const pathname = root.pathname.replace(/\/+$/, '');
    if (pathname.endsWith(`/${subpath}`)) {
      root.pathname = `${pathname.slice(0, -subpath.length)}`;
    } else if (root.searchParams.has('path')) {
      root.searchParams.delete('path');
    } else {
      return undefined;
    }
  }
  return {
    repoKey:
      `${parsed.resource}/${parsed.full_name}@${parsed.ref ?? ''}`.toLowerCase(),
    rootUrl: root.toString(),
    subpath,
  };
}
