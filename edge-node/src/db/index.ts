export { type EdgeDatabase, openDatabase } from './open-database.js';
export * as schema from './schema.js';
