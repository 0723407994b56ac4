export {
  overflowActionSubject,
  overflowBucket,
  overflowKey,
  overflowSessionMaxAgeMs,
} from './overflow-subjects.js';
