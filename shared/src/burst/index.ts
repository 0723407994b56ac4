export {
  burstAckWaitMs,
  burstAnswersSubject,
  burstConsumer,
  burstProgressMs,
  burstStream,
  burstToolsSubject,
  burstWorkSubject,
  burstWorkSubjects,
} from './burst-subjects.js';
