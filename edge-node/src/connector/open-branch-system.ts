import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema.js';

export type BranchDatabase = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * Plain `CREATE TABLE IF NOT EXISTS` rather than drizzle migrations: this file stands in for a
 * branch system Branchline never owns or migrates in production, and a demo file is thrown away
 * and re-seeded rather than evolved. It keeps drizzle-kit's one config about the edge's own
 * database. `open-branch-system.test.ts` checks this DDL against `schema.ts` so they cannot drift.
 */
const bootstrap = `
CREATE TABLE IF NOT EXISTS customers (
  ref TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT,
  address TEXT NOT NULL,
  id_number_masked TEXT,
  language TEXT NOT NULL,
  tier TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS orders (
  id TEXT PRIMARY KEY NOT NULL,
  customer_ref TEXT NOT NULL REFERENCES customers(ref),
  item TEXT NOT NULL,
  status TEXT NOT NULL,
  delivery_address TEXT NOT NULL,
  expected_delivery TEXT NOT NULL,
  placed_on TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_customer_idx ON orders (customer_ref);
CREATE TABLE IF NOT EXISTS loans (
  id TEXT PRIMARY KEY NOT NULL,
  customer_ref TEXT NOT NULL REFERENCES customers(ref),
  product TEXT NOT NULL,
  next_repayment_date TEXT NOT NULL,
  amount_due_minor INTEGER NOT NULL,
  currency TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS loans_customer_idx ON loans (customer_ref);
CREATE TABLE IF NOT EXISTS technician_visits (
  id TEXT PRIMARY KEY NOT NULL,
  customer_ref TEXT NOT NULL REFERENCES customers(ref),
  date TEXT NOT NULL,
  slot TEXT NOT NULL,
  status TEXT NOT NULL,
  topic TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS technician_visits_customer_idx ON technician_visits (customer_ref);
CREATE TABLE IF NOT EXISTS vehicles (
  id TEXT PRIMARY KEY NOT NULL,
  customer_ref TEXT NOT NULL REFERENCES customers(ref),
  model TEXT NOT NULL,
  next_service_date TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS vehicles_customer_idx ON vehicles (customer_ref);
CREATE INDEX IF NOT EXISTS vehicles_service_idx ON vehicles (next_service_date);
CREATE UNIQUE INDEX IF NOT EXISTS technician_visits_slot_idx
  ON technician_visits (date, slot) WHERE status <> 'cancelled';
`;

/** Opens the demo branch system's own SQLite file, creating its tables if they are missing. */
export function openBranchSystem(path: string): BranchDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.exec(bootstrap);
  return drizzle(sqlite, { schema });
}
