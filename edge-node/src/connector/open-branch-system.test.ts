import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BranchConnector } from './branch-connector.js';
import { openBranchSystem } from './open-branch-system.js';
import { customers, loans, orders, technicianVisits } from './schema.js';
import { seedDemoBranch } from './seed-demo-branch.js';

const today = '2026-03-02';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bl-branch-open-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface ColumnInfo {
  name: string;
  notnull: number;
  pk: number;
}

describe('openBranchSystem', () => {
  it('creates tables whose columns and indexes match the drizzle schema', () => {
    const db = openBranchSystem(join(dir, 'branch.db'));
    const tables: SQLiteTable[] = [customers, orders, loans, technicianVisits];
    for (const table of tables) {
      const config = getTableConfig(table);
      const actual = db.$client.pragma(`table_info(${config.name})`) as ColumnInfo[];
      const expected = config.columns.map((c) => ({
        name: c.name,
        notnull: c.notNull ? 1 : 0,
        pk: c.primary ? 1 : 0,
      }));
      expect(actual.map(({ name, notnull, pk }) => ({ name, notnull, pk }))).toEqual(expected);

      const indexes = (db.$client.pragma(`index_list(${config.name})`) as { name: string; origin: string }[])
        .filter((i) => i.origin === 'c')
        .map((i) => i.name)
        .sort();
      expect(indexes).toEqual(config.indexes.map((i) => i.config.name).sort());
    }
    db.$client.close();
  });

  it('reopens an existing file, and re-seeding keeps what a demo changed', async () => {
    const path = join(dir, 'branch.db');
    let db = openBranchSystem(path);
    seedDemoBranch(db, { today });
    await new BranchConnector(db, { today: () => today }).changeDeliveryAddress(
      'C-1001',
      'BL-240001',
      '上海市示例区新地址路 9 号',
    );
    db.$client.close();

    db = openBranchSystem(path);
    seedDemoBranch(db, { today });
    const connector = new BranchConnector(db, { today: () => today });
    expect((await connector.order('C-1001', 'BL-240001'))?.deliveryAddress).toBe('上海市示例区新地址路 9 号');
    expect(await db.$count(orders)).toBe(15);
    expect(await db.$count(customers)).toBe(8);
    db.$client.close();
  });

  it('seeds the same data for the same day', () => {
    const a = openBranchSystem(join(dir, 'a.db'));
    const b = openBranchSystem(join(dir, 'b.db'));
    seedDemoBranch(a, { today });
    seedDemoBranch(b, { today });
    for (const table of [customers, orders, loans, technicianVisits]) {
      expect(a.select().from(table).all()).toEqual(b.select().from(table).all());
    }
    a.$client.close();
    b.$client.close();
  });
});
