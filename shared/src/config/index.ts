export { type EnvMapping, loadConfig } from './load-config.js';
export { edgeNameSchema, hostPortSchema, labelsSchema, portSchema } from './parsers.js';
