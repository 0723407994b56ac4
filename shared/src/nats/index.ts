export { closeNats } from './close.js';
export { connectNats } from './connect.js';
