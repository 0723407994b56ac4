export * from './config/index.js';
export * from './errors/index.js';
export * from './events/index.js';
export * from './http/index.js';
export * from './logging/index.js';
export * from './nats/index.js';
export * from './pki/index.js';
export * from './retry/index.js';
