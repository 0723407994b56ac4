export { closeNats } from './close.js';
export { connectNats, natsLinkUp } from './connect.js';
