export {
  type AuditEntry,
  type AuditFilter,
  matches as auditEntryMatches,
  type NewAuditEntry,
  scrub as scrubAuditDetail,
} from './audit-entry.js';
export { AuditLog, type AuditQuery, maxScannedEntries } from './audit-log.js';
export { demoOperatorPasswordPath, seedDemoOperators } from './demo-operators.js';
export {
  type NewOperator,
  newOperatorSchema,
  OperatorAccounts,
  type OperatorChanges,
  type OperatorProfile,
  operatorChangesSchema,
  parseInput,
  passwordSchema,
  reservedActors,
  usernameSchema,
} from './operator-accounts.js';
export { type OperatorSession, OperatorSessions, sessionId } from './operator-sessions.js';
export { atLeast, isRole, parseRole, type Role, roles } from './roles.js';
