import type { Logger } from '@branchline/shared';
import { BranchlineError, jsonBody } from '@branchline/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  type AuditLog,
  type OperatorAccounts,
  type OperatorSessions,
  operatorChangesSchema,
  parseInput,
} from '../operators/index.js';
import { audited, noteAudit, type OperatorEnv, principalOf, requireRole } from './operator-auth.js';

export interface OperatorRouteDeps {
  accounts: OperatorAccounts;
  sessions: OperatorSessions;
  audit: AuditLog;
  log: Logger;
}

/** Operator accounts: admins only. */
export function operatorRoutes(deps: OperatorRouteDeps): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();

  app.get('/', requireRole('admin'), async (c) => c.json({ operators: await deps.accounts.list() }));

  app.post('/', audited(deps, 'admin', 'operator.created'), async (c) => {
    const created = await deps.accounts.create(
      (await jsonBody(c)) as Parameters<OperatorAccounts['create']>[0],
    );
    noteAudit(c, { target: created.username, detail: { role: created.role } });
    return c.json({ operator: created }, 201);
  });

  app.patch(
    '/:username',
    audited(deps, 'admin', 'operator.updated', (c) => c.req.param('username') ?? ''),
    async (c) => {
      const username = c.req.param('username');
      const changes = parseInput(operatorChangesSchema, await jsonBody(c));
      if (Object.keys(changes).length === 0)
        throw new BranchlineError('invalid_argument', 'body: give role, disabled, displayName or password');
      const { before, after } = await deps.accounts.update(username, changes);
      if (before.role !== after.role)
        noteAudit(c, { action: 'operator.role_changed', detail: { from: before.role, to: after.role } });
      if (before.disabled !== after.disabled)
        noteAudit(c, { action: after.disabled ? 'operator.disabled' : 'operator.enabled' });
      if (before.displayName !== after.displayName)
        noteAudit(c, {
          action: 'operator.renamed',
          detail: { from: before.displayName, to: after.displayName },
        });
      if (changes.password !== undefined) noteAudit(c, { action: 'operator.password_changed' });
      // Someone disabled, or whose password was reset, is signed out everywhere (but in this request).
      if ((after.disabled && !before.disabled) || changes.password !== undefined)
        await deps.sessions.closeAllOf(username, principalOf(c).session?.id);
      return c.json({ operator: after });
    },
  );

  return app;
}

const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  actor: z.string().min(1).max(100).optional(),
  action: z.string().min(1).max(100).optional(),
  since: z.iso
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .optional(),
});

/** The audit log, newest first: operators and admins read it. */
export function auditRoutes(deps: { audit: AuditLog }): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();
  app.get('/', requireRole('operator'), async (c) => {
    const query = parseInput(auditQuerySchema, c.req.query());
    return c.json({ entries: await deps.audit.list(query) });
  });
  return app;
}
