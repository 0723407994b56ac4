import { addDays, localDay } from './calendar.js';
import type { BranchDatabase } from './open-branch-system.js';
import {
  type Customer,
  customers,
  type Loan,
  loans,
  type Order,
  orders,
  type TechnicianVisit,
  technicianVisits,
  type Vehicle,
  vehicles,
} from './schema.js';

export interface DemoBranchData {
  customers: Customer[];
  orders: Order[];
  loans: Loan[];
  technicianVisits: TechnicianVisit[];
  vehicles: Vehicle[];
}

/**
 * Fictitious demo data: every name, phone (CN 1390000xxxx, UK Ofcom drama range 07700 900xxx),
 * address and email (example.com) is made up. Dates are offsets from `today` so the demo always
 * has upcoming deliveries and repayments; for a given `today` the data is always the same.
 */
export function demoBranchData(today: string): DemoBranchData {
  const day = (offset: number) => addDays(today, offset);

  const people: Customer[] = [
    zh(
      'C-1001',
      '张示例',
      '13900001001',
      'zhang.shili@example.com',
      '上海市示例区演示路 1 号 101 室',
      'gold',
    ),
    en(
      'C-1002',
      'Alex Demo',
      '+44 7700 900102',
      'alex.demo@example.com',
      '2 Example Street, Sampleton SX1 2AB',
      'silver',
    ),
    zh('C-1003', '李演示', '13900001003', null, '北京市样本区测试街 3 号', 'standard'),
    en(
      'C-1004',
      'Jamie Sample',
      '+44 7700 900104',
      'jamie.sample@example.com',
      '4 Placeholder Road, Mockford MX4 4CD',
      'platinum',
    ),
    zh('C-1005', '陈样本', '13900001005', 'chen.yangben@example.com', '广州市虚构区示范大道 5 号', 'silver'),
    en(
      'C-1006',
      'Pat Placeholder',
      '+44 7700 900106',
      null,
      '6 Fictional Lane, Demoville DV6 6EF',
      'standard',
    ),
    zh(
      'C-1007',
      '赵测试',
      '13900001007',
      'zhao.ceshi@example.com',
      '深圳市演示区样例路 7 号 7 栋',
      'platinum',
    ),
    en(
      'C-1008',
      'Robin Mock',
      '+44 7700 900108',
      'robin.mock@example.com',
      '8 Sandbox Avenue, Testbury TB8 8GH',
      'gold',
    ),
  ];
  const addressOf = (ref: string) => people.find((p) => p.ref === ref)?.address ?? '';
  const order = (
    n: number,
    customerRef: string,
    item: string,
    status: Order['status'],
    placed: number,
    expected: number,
  ): Order => ({
    id: `BL-${240000 + n}`,
    customerRef,
    item,
    status,
    deliveryAddress: addressOf(customerRef),
    placedOn: day(placed),
    expectedDelivery: day(expected),
  });

  return {
    customers: people,
    orders: [
      order(1, 'C-1001', '电热水壶', 'packed', -2, 3),
      order(2, 'C-1001', '空气净化器', 'delivered', -40, -35),
      order(3, 'C-1002', 'Standing desk', 'placed', -1, 6),
      order(4, 'C-1002', 'Noise-cancelling headphones', 'shipped', -4, 1),
      order(5, 'C-1002', 'Coffee grinder', 'packed', -2, 4),
      order(6, 'C-1002', 'Desk lamp', 'delivered', -30, -26),
      order(7, 'C-1003', '滚筒洗衣机', 'shipped', -3, 2),
      order(8, 'C-1003', '微波炉', 'cancelled', -20, -15),
      order(9, 'C-1004', 'Washing machine', 'placed', -1, 8),
      order(10, 'C-1005', '双门冰箱', 'delivered', -60, -55),
      order(11, 'C-1005', '电饭煲', 'delivered', -15, -11),
      order(12, 'C-1006', 'Cordless vacuum cleaner', 'shipped', -3, 1),
      order(13, 'C-1006', 'Air fryer', 'cancelled', -25, -20),
      order(14, 'C-1007', '扫地机器人', 'placed', -1, 10),
      order(15, 'C-1007', '55 英寸电视机', 'shipped', -5, 2),
    ],
    loans: [
      loan('L-5001', 'C-1001', 'car_loan', day(12), 325_000),
      loan('L-5002', 'C-1003', 'mortgage', day(5), 1_268_000),
      loan('L-5003', 'C-1004', 'personal_loan', day(20), 150_000),
      loan('L-5004', 'C-1004', 'installment_plan', day(3), 39_900),
      loan('L-5005', 'C-1005', 'personal_loan', day(-2), 88_000),
      loan('L-5006', 'C-1007', 'mortgage', day(25), 2_150_000),
    ],
    technicianVisits: [
      visit('V-3001', 'C-1004', day(7), 'morning', 'booked', 'installation'),
      visit('V-3002', 'C-1006', day(-10), 'afternoon', 'done', 'repair'),
      visit('V-3003', 'C-1007', day(7), 'afternoon', 'booked', 'repair'),
      visit('V-3004', 'C-1008', day(14), 'morning', 'booked', 'maintenance'),
    ],
    vehicles: [
      { id: 'VH-7001', customerRef: 'C-1001', model: '示例 EV 500', nextServiceDate: day(4) },
      { id: 'VH-7002', customerRef: 'C-1002', model: 'Demo Hybrid SUV', nextServiceDate: day(2) },
      { id: 'VH-7003', customerRef: 'C-1006', model: 'Demo City Car', nextServiceDate: day(30) },
    ],
  };
}

/**
 * Writes the demo data into a branch system. Rows that already exist are left alone, so
 * re-seeding on every start keeps what a demo changed (a new address, a booked visit).
 */
export function seedDemoBranch(db: BranchDatabase, options: { today?: string } = {}): DemoBranchData {
  const data = demoBranchData(options.today ?? localDay());
  db.transaction((tx) => {
    tx.insert(customers).values(data.customers).onConflictDoNothing().run();
    tx.insert(orders).values(data.orders).onConflictDoNothing().run();
    tx.insert(loans).values(data.loans).onConflictDoNothing().run();
    tx.insert(technicianVisits).values(data.technicianVisits).onConflictDoNothing().run();
    tx.insert(vehicles).values(data.vehicles).onConflictDoNothing().run();
  });
  return data;
}

function zh(
  ref: string,
  name: string,
  phone: string,
  email: string | null,
  address: string,
  tier: Customer['tier'],
): Customer {
  const masked = `${'*'.repeat(14)}${ref.slice(2)}`;
  return { ref, name, phone, email, address, idNumberMasked: masked, language: 'zh-CN', tier };
}

function en(
  ref: string,
  name: string,
  phone: string,
  email: string | null,
  address: string,
  tier: Customer['tier'],
): Customer {
  return { ref, name, phone, email, address, idNumberMasked: null, language: 'en', tier };
}

function loan(id: string, customerRef: string, product: Loan['product'], date: string, minor: number): Loan {
  return { id, customerRef, product, nextRepaymentDate: date, amountDueMinor: minor, currency: 'CNY' };
}

function visit(
  id: string,
  customerRef: string,
  date: string,
  slot: TechnicianVisit['slot'],
  status: TechnicianVisit['status'],
  topic: TechnicianVisit['topic'],
): TechnicianVisit {
  return { id, customerRef, date, slot, status, topic };
}
