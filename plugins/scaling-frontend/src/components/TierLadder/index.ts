export { TierLadder } from './TierLadder';
export type { TierLadderProps } from './TierLadder';
