import {
  UrlReaderService,
  UrlReaderServiceReadTreeResponse,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { posix } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Parser, ReadEntry } from 'tar';
import { isCandidate } from '../recognize';
import { Link, Observation, Unit } from '../recognize/types';
import { FactCollector, SkippedContent } from './collectFacts';

export type { SkippedContent } from './collectFacts';

/** How much of a repository is read at most; anything beyond is skipped with a finding. */
export interface ReadLimits {
  /** A file larger than this is not read. Default 512 kB. */
  maxFileBytes: number;
  /** A tree with more files than this is not read at all. Default 5,000. */
  maxFiles: number;
  /** A (compressed) archive larger than this is not read at all. Default 200 MB. */
  maxArchiveBytes: number;
}

/** @internal */
export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxFileBytes: 512 * 1024,
  maxFiles: 5000,
  maxArchiveBytes: 200 * 1024 * 1024,
};

/** What one read of a repository gave. */
export type TreeRead =
  | {
      status: 'read';
      etag: string;
      observations: Observation[];
      units: Unit[];
      links: Link[];
      skipped: SkippedContent[];
    }
  | { status: 'not-modified' }
  | { status: 'unreadable'; reason: string };

/** Thrown inside the read to stop it at once; becomes a whole-tree skip. */
class TreeTooLarge extends Error {}

function kb(bytes: number): string {
  return `${Math.round(bytes / 1024)} kB`;
}

/**
 * Reads a repository's tree through Backstage's UrlReader, bounded: only candidate files
 * (deployment files) up to `maxFileBytes` are held in memory, one at a time; a tree of more
 * than `maxFiles` files or an archive past `maxArchiveBytes` is dropped whole; a symlink that
 * leaves the tree is reported and never followed. The previous ETag makes an unchanged
 * repository cost one request and no archive. Nothing read is ever executed.
 */
export async function readRepository(
  urlReader: UrlReaderService,
  rootUrl: string,
  options: {
    etag?: string;
    signal?: AbortSignal;
    limits?: ReadLimits;
    /**
     * `archive`: parse the tar archive itself, which sees symlinks (GitHub, GitLab, Bitbucket,
     * Gitea, Gerrit serve tar archives); `files`: Backstage's own file listing (Azure DevOps
     * and Harness serve zip archives).
     */
    mode?: 'archive' | 'files';
  } = {},
): Promise<TreeRead> {
  const limits = options.limits ?? DEFAULT_READ_LIMITS;
  const mode = options.mode ?? 'archive';
  const facts = new FactCollector();
  const skipped = facts.skipped;
  const accept = (path: string, text: string) => facts.accept(path, text);
  // In `files` mode Backstage lists the files and asks this filter first: only candidates up
  // to the size limit are ever buffered.
  let listed = 0;
  const filter = (path: string, info?: { size: number }) => {
    listed += 1;
    if (listed > limits.maxFiles || !isCandidate(path)) return false;
    if (info && info.size > limits.maxFileBytes) {
      skipped.push({ path, message: tooLarge(path, info.size, limits) });
      return false;
    }
    return true;
  };

  let response: UrlReaderServiceReadTreeResponse;
  try {
    response = await urlReader.readTree(rootUrl, {
      etag: options.etag,
      signal: options.signal as AbortSignal | undefined,
      ...(mode === 'files' ? { filter } : {}),
    });
  } catch (error) {
    if (isError(error) && error.name === 'NotModifiedError') {
      return { status: 'not-modified' };
    }
    return { status: 'unreadable', reason: reasonOf(error) };
  }
  try {
    if (mode === 'archive') {
      await readArchive(await response.archive(), limits, accept, skipped);
    } else {
      const files = await response.files();
      if (listed > limits.maxFiles)
        throw new TreeTooLarge(tooManyFiles(limits));
      for (const file of files)
        accept(file.path, (await file.content()).toString('utf8'));
    }
  } catch (error) {
    if (error instanceof TreeTooLarge) {
      return {
        status: 'read',
        etag: response.etag,
        observations: [],
        units: [],
        links: [],
        skipped: [{ path: '', message: error.message }],
      };
    }
    return { status: 'unreadable', reason: reasonOf(error) };
  }
  facts.finish();
  return {
    status: 'read',
    etag: response.etag,
    observations: facts.observations,
    units: facts.units,
    links: facts.links,
    skipped: facts.skipped,
  };
}

function tooLarge(path: string, size: number, limits: ReadLimits): string {
  return `${path}: ${kb(size)}, larger than ${kb(limits.maxFileBytes)}; not read`;
}

function tooManyFiles(limits: ReadLimits): string {
  return `the repository holds more than ${limits.maxFiles} files; it is not read`;
}

function reasonOf(error: unknown): string {
  const message = isError(error) ? error.message : String(error);
  return message.slice(0, 500);
}

/** Whether a link at `path` to `target` stays inside the tree. */
function staysInTree(path: string, target: string): boolean {
  if (posix.isAbsolute(target)) return false;
  const resolved = posix.normalize(posix.join(posix.dirname(path), target));
  return resolved !== '..' && !resolved.startsWith('../');
}

async function readArchive(
  archive: NodeJS.ReadableStream,
  limits: ReadLimits,
  accept: (path: string, text: string) => void,
  skipped: SkippedContent[],
): Promise<void> {
  let archiveBytes = 0;
  let files = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      archiveBytes += chunk.length;
      if (archiveBytes > limits.maxArchiveBytes) {
        callback(
          new TreeTooLarge(
            `the repository archive is larger than ${Math.round(limits.maxArchiveBytes / 1048576)} MB; the repository is not read`,
          ),
        );
        return;
      }
      callback(null, chunk);
    },
  });
  const parser = new Parser({
    strict: false,
    onReadEntry: (entry: ReadEntry) => {
      // Archives have one top folder (`owner-repo-sha/`), as Backstage strips it too.
      const path = entry.path.split('/').slice(1).join('/');
      if (entry.type === 'Directory' || path === '') {
        entry.resume();
        return;
      }
      files += 1;
      if (files > limits.maxFiles) {
        entry.resume();
        parser.abort(new TreeTooLarge(tooManyFiles(limits)));
        return;
      }
      if (entry.type === 'SymbolicLink' || entry.type === 'Link') {
        const target = entry.linkpath ?? '';
        if (!staysInTree(path, target)) {
          skipped.push({
            path,
            message: `${path}: a link to ${target}, outside the repository; not followed`,
          });
        }
        entry.resume();
        return;
      }
      if (!isCandidate(path)) {
        entry.resume();
        return;
      }
      if (entry.size > limits.maxFileBytes) {
        skipped.push({ path, message: tooLarge(path, entry.size, limits) });
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () =>
        accept(path, Buffer.concat(chunks).toString('utf8')),
      );
    },
  });
  let aborted: Error | undefined;
  parser.on('abort', (error: Error) => {
    aborted = error;
  });
  try {
    await pipeline(archive, counter, parser);
  } catch (error) {
    throw aborted ?? error;
  }
  if (aborted) throw aborted;
}
