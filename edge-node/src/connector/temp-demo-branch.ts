import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BranchConnector } from './branch-connector.js';
import { type BranchDatabase, openBranchSystem } from './open-branch-system.js';
import { type DemoBranchData, seedDemoBranch } from './seed-demo-branch.js';

export interface TempDemoBranch {
  path: string;
  db: BranchDatabase;
  connector: BranchConnector;
  data: DemoBranchData;
  /** Every seeded personal value of one customer, for asserting that none leaks. */
  personalData(ref: string): string[];
  /** Closes the file and deletes its directory. */
  close(): void;
}

/**
 * A seeded demo branch in a fresh temp directory, on a fixed calendar: for tests (unit and e2e)
 * and throwaway demos that must not touch a real branch file.
 */
export function createTempDemoBranch(today: string): TempDemoBranch {
  const dir = mkdtempSync(join(tmpdir(), 'bl-branch-'));
  const path = join(dir, 'branch.db');
  const db = openBranchSystem(path);
  const data = seedDemoBranch(db, { today });
  return {
    path,
    db,
    connector: new BranchConnector(db, { today: () => today }),
    data,
    personalData(ref) {
      const customer = data.customers.find((c) => c.ref === ref);
      const addresses = data.orders.filter((o) => o.customerRef === ref).map((o) => o.deliveryAddress);
      if (!customer) return addresses;
      const { name, phone, email, address, idNumberMasked } = customer;
      return [
        name,
        phone,
        address,
        ...addresses,
        ...(email ? [email] : []),
        ...(idNumberMasked ? [idNumberMasked] : []),
      ];
    },
    close() {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
