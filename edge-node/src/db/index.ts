export { startCheckpointer } from './checkpointer.js';
export { GroupCommit } from './group-commit.js';
export { type EdgeDatabase, openDatabase } from './open-database.js';
export * as schema from './schema.js';
