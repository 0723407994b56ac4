import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

export type EdgeDatabase = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Committed migrations, found relative to this file in both src/ (tests) and dist/ (runtime). */
const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** Opens (and migrates) the edge's SQLite file. WAL lets readers work while the outbox writes. */
export function openDatabase(path: string): EdgeDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  return db;
}
