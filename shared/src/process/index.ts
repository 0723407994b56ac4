export { freePort, waitForPort } from './free-port.js';
export {
  type CoreProcess,
  createEnrollmentToken,
  type EdgeProcessOptions,
  repoRoot,
  type StackServiceOptions,
  startBurstWorkerProcess,
  startCoreProcess,
  startEdgeProcess,
  startTestStack,
  type TestStack,
  type TokenRequest,
} from './local-stack.js';
export { findNatsServer, type NatsServer, type NatsServerOptions, startNatsServer } from './nats-server.js';
export { jsonReady, type ServiceOptions, type ServiceProcess, startService } from './service-process.js';
