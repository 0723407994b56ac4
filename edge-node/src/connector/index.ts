export {
  BranchConnector,
  type BranchConnectorOptions,
  type CustomerProfile,
  changeableOrderStatuses,
  type DueRepayment,
  type DueService,
  openOrderStatuses,
  type Repayment,
  type ServiceDue,
  visitHorizonDays,
} from './branch-connector.js';
export { BranchRefusal, type RefusalDetail, type RefusalReason } from './branch-refusal.js';
export { addDays, isCalendarDay, localDay } from './calendar.js';
export { type BranchDatabase, openBranchSystem } from './open-branch-system.js';
export {
  type Customer,
  type Language,
  type Loan,
  type LoanProduct,
  languages,
  loanProducts,
  type Order,
  type OrderStatus,
  orderStatuses,
  type TechnicianVisit,
  type ValueTier,
  type Vehicle,
  type VisitSlot,
  type VisitStatus,
  type VisitTopic,
  valueTiers,
  visitSlots,
  visitStatuses,
  visitTopics,
} from './schema.js';
export { type DemoBranchData, demoBranchData, seedDemoBranch } from './seed-demo-branch.js';
export { createTempDemoBranch, type TempDemoBranch } from './temp-demo-branch.js';
