export { WhatIfPanel } from './WhatIfPanel';
export { initialWhatIfValues, simulateRequest, whatIfSentence } from './whatIf';
export type { WhatIfValues } from './whatIf';
