import {
  ScalingValueKey,
  ScalingValues,
} from '@scaling-advisor/backstage-plugin-scaling-common';

/** One file of a repository, as read: its path from the repository root, and its text. */
export interface RepositoryFile {
  /** POSIX path relative to the repository root, no leading slash: `charts/petstore/Chart.yaml`. */
  path: string;
  text: string;
}

/**
 * One fact a file shows, as the value of a `scaling.io/` key (the type its annotation parses
 * to), with the file and a short reason: `{ key: 'helmChart', value: true,
 * path: 'charts/petstore/Chart.yaml', reason: 'a Helm chart' }`.
 */
export type Observation = {
  [K in ScalingValueKey]: {
    key: K;
    value: ScalingValues[K];
    path: string;
    reason: string;
  };
}[ScalingValueKey];

/** What reading one file gave: its observations, and why parts of it were left unread. */
export interface FileRecognition {
  observations: Observation[];
  /** Human-readable, naming the file: `values.yaml: a YAML alias expansion past 100 aliases`. */
  skipped: string[];
}

/** The file names and extensions worth reading at all; everything else is never buffered. */
export type CandidateFilter = (path: string) => boolean;
