export { freePort, waitForPort } from './free-port.js';
export { findNatsServer, type NatsServer, type NatsServerOptions, startNatsServer } from './nats-server.js';
export { jsonReady, type ServiceOptions, type ServiceProcess, startService } from './service-process.js';
