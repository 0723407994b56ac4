export {
  type EventEnvelope,
  eventEnvelopeSchema,
  eventsStream,
  eventsSubject,
  eventsSubjectRoot,
  eventTypeSchema,
  parseEventsSubject,
} from './envelope.js';
