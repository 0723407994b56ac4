import { randomUUID } from 'node:crypto';
import { BranchlineError } from '@branchline/shared';
import { hash, verify } from '@node-rs/argon2';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { EdgeDatabase } from '../../db/index.js';
import { agents } from '../../db/schema.js';

export type AgentRow = typeof agents.$inferSelect;
export type AgentProfile = Omit<AgentRow, 'passwordHash'>;

export const newAgentSchema = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-z0-9._-]{3,40}$/, 'use 3-40 lowercase letters, digits, dots, dashes or underscores'),
  displayName: z.string().trim().min(1).max(80),
  password: z.string().min(8, 'use at least 8 characters').max(200),
  languages: z.array(z.enum(['zh-CN', 'en'])).min(1),
  skills: z.array(z.string().trim().min(1).max(40)).default([]),
  maxConcurrent: z.number().int().min(1).max(20).default(3),
  role: z.enum(['agent', 'supervisor']).default('agent'),
});
export type NewAgent = z.input<typeof newAgentSchema>;

const profile = ({ passwordHash: _hash, ...rest }: AgentRow): AgentProfile => rest;

/**
 * The branch's agent accounts, kept on the edge: agents sign in where they work, also when the
 * WAN is down. Passwords are argon2id hashes; a failed sign-in says nothing about which part was
 * wrong and takes as long as a good one.
 */
export class AgentAccounts {
  // A hash to verify against when the username is unknown, so timing does not reveal it.
  private readonly decoy = hash(randomUUID());

  constructor(private readonly db: EdgeDatabase) {}

  async create(input: NewAgent): Promise<AgentProfile> {
    const parsed = newAgentSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BranchlineError('invalid_argument', `${issue?.path.join('.')}: ${issue?.message}`);
    }
    const { password, ...fields } = parsed.data;
    if (this.byUsername(fields.username))
      throw new BranchlineError('already_exists', `agent ${fields.username} exists already`);
    const row: AgentRow = {
      id: `ag_${randomUUID().replaceAll('-', '').slice(0, 16)}`,
      ...fields,
      passwordHash: await hash(password),
      disabled: false,
      createdAt: new Date(),
    };
    this.db.insert(agents).values(row).run();
    return profile(row);
  }

  /** The agent these credentials belong to, or an `unauthenticated` error. */
  async verify(username: string, password: string): Promise<AgentProfile> {
    const row = this.byUsername(username.trim());
    const ok = row ? await verify(row.passwordHash, password) : await verify(await this.decoy, password);
    if (!row || !ok || row.disabled)
      throw new BranchlineError('unauthenticated', 'wrong username or password');
    return profile(row);
  }

  get(id: string): AgentProfile | undefined {
    const row = this.db.select().from(agents).where(eq(agents.id, id)).get();
    return row ? profile(row) : undefined;
  }

  list(): AgentProfile[] {
    return this.db.select().from(agents).all().map(profile);
  }

  private byUsername(username: string): AgentRow | undefined {
    return this.db.select().from(agents).where(eq(agents.username, username)).get();
  }
}
