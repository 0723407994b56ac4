import { BranchlineError, jsonBody, type OutboundCampaign } from '@branchline/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AuditLog } from '../../agents/accounts/index.js';
import type { BranchConnector } from '../../connector/index.js';
import type { OutboundCampaigns } from '../../outbound/index.js';
import type { ConsoleEnv } from './console-auth.js';

export interface OutboundConsoleDeps {
  campaigns: OutboundCampaigns;
  configured: () => readonly OutboundCampaign[];
  gatewayConfigured: boolean;
  connector: BranchConnector;
  audit: AuditLog;
}

const dncSchema = z.object({
  customerRef: z.string().min(1).max(64),
  reason: z.string().trim().min(1, 'say why (the customer asked, a complaint...)').max(200),
});

function supervisor(agent: { role: string }, what: string): void {
  if (agent.role !== 'supervisor') throw new BranchlineError('forbidden', `only a supervisor may ${what}`);
}

/** Branch staff's view of outbound campaigns and their do-not-contact list, under /console/api/outbound. */
export function outboundRoutes(deps: OutboundConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.get('/', (c) => {
    const stats = deps.campaigns.stats();
    return c.json({
      gatewayConfigured: deps.gatewayConfigured,
      campaigns: deps.configured().map((campaign) => ({ ...campaign, contacts: stats[campaign.id] ?? {} })),
      recentAttempts: deps.campaigns.recentAttempts(50),
      doNotContact: deps.campaigns.doNotContactList(),
    });
  });

  app.post('/run', async (c) => {
    supervisor(c.get('agent'), 'run campaigns now');
    const ticks = await deps.campaigns.tick();
    deps.audit.record({ agentId: c.get('agent').id, action: 'outbound.run', detail: { ticks } });
    return c.json({ ticks });
  });

  app.post('/do-not-contact', async (c) => {
    const parsed = dncSchema.safeParse(await jsonBody(c));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BranchlineError('invalid_argument', `${issue?.path.join('.') || 'body'}: ${issue?.message}`);
    }
    const { customerRef, reason } = parsed.data;
    if (!(await deps.connector.customer(customerRef)))
      throw new BranchlineError('not_found', `no customer ${customerRef} in the branch system`);
    const agent = c.get('agent');
    deps.campaigns.addDoNotContact(customerRef, reason, `agent:${agent.username}`);
    deps.audit.record({
      agentId: agent.id,
      action: 'outbound.do_not_contact.added',
      detail: { customerRef, reason },
    });
    return c.json({ customerRef, reason }, 201);
  });

  app.delete('/do-not-contact/:ref', (c) => {
    // Anyone may honour a customer's wish; taking it back is a supervisor's decision.
    supervisor(c.get('agent'), 'take a customer off the do-not-contact list');
    const customerRef = c.req.param('ref');
    if (!deps.campaigns.removeDoNotContact(customerRef))
      throw new BranchlineError('not_found', `${customerRef} is not on the do-not-contact list`);
    deps.audit.record({
      agentId: c.get('agent').id,
      action: 'outbound.do_not_contact.removed',
      detail: { customerRef },
    });
    return c.json({ customerRef, removed: true });
  });

  return app;
}
