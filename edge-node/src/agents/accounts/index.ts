export { AgentAccounts, type AgentProfile, type NewAgent, newAgentSchema } from './agent-accounts.js';
export { type AgentSession, AgentSessions } from './agent-sessions.js';
export { type AuditEntry, AuditLog } from './audit-log.js';
