export { type NewEvent, Outbox, type PendingEvent } from './outbox.js';
export { type PublisherOptions, startPublisher } from './publisher.js';
