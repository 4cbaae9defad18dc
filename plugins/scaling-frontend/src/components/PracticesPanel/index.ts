export { PracticesPanel, groupPracticeItems } from './PracticesPanel';
