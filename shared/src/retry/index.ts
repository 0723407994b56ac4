export { type BackoffOptions, backoffDelay, sleep } from './backoff.js';
