export { isCandidate } from './candidates';
export { recognizeFile } from './recognize';
export { summarize } from './summarize';
export type {
  CandidateFilter,
  FileRecognition,
  Observation,
  RepositoryFile,
} from './types';
