import { randomUUID } from 'node:crypto';
import { BranchlineError } from '@branchline/shared';
import type { KV } from '@nats-io/kv';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import { type Role, roles } from './roles.js';

/** Names the audit log uses for actors that are not operator accounts. */
export const reservedActors = ['admin-token', 'anonymous', 'core'] as const;

// The edge's agent rule, but starting and ending with a letter or digit and without `..`: the
// username is the KV key, and NATS keys are dot-separated tokens.
export const usernameSchema = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9._-]{1,38}[a-z0-9]$/,
    'use 3-40 lowercase letters, digits, dots, dashes or underscores, starting and ending with a letter or digit',
  )
  .refine((u) => !u.includes('..'), 'two dots in a row are not allowed')
  .refine((u) => !(reservedActors as readonly string[]).includes(u), 'this name is reserved');

export const passwordSchema = z.string().min(12, 'use at least 12 characters').max(200);

export const newOperatorSchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(80).optional(),
  role: z.enum(roles),
  password: passwordSchema,
});
export type NewOperator = z.input<typeof newOperatorSchema>;

export const operatorChangesSchema = z
  .object({
    displayName: z.string().trim().min(1).max(80).optional(),
    role: z.enum(roles).optional(),
    disabled: z.boolean().optional(),
    password: passwordSchema.optional(),
  })
  .strict();
export type OperatorChanges = z.infer<typeof operatorChangesSchema>;

const recordSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  passwordHash: z.string(),
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
type OperatorRecord = z.infer<typeof recordSchema>;
export type OperatorProfile = Omit<OperatorRecord, 'passwordHash'>;

const profile = ({ passwordHash: _hash, ...rest }: OperatorRecord): OperatorProfile => rest;
const isEnabledAdmin = (o: { role: Role; disabled: boolean }) => o.role === 'admin' && !o.disabled;

export function parseInput<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BranchlineError('invalid_argument', `${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  return parsed.data;
}

/**
 * Operator accounts of the ops dashboard and API, one KV key per username, shared by every core
 * replica. Passwords are argon2id hashes; a failed sign-in says nothing about which part was
 * wrong and takes as long as a good one.
 */
export class OperatorAccounts {
  // A hash to verify against when the username is unknown, so timing does not reveal it.
  private readonly decoy = hash(randomUUID());

  constructor(private readonly kv: KV) {}

  async create(input: NewOperator, now = new Date()): Promise<OperatorProfile> {
    const { password, ...fields } = parseInput(newOperatorSchema, input);
    const record: OperatorRecord = {
      username: fields.username,
      displayName: fields.displayName ?? fields.username,
      role: fields.role,
      passwordHash: await hash(password),
      disabled: false,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    try {
      await this.kv.create(record.username, JSON.stringify(record));
    } catch (error) {
      if (await this.read(record.username))
        throw new BranchlineError('already_exists', `operator ${record.username} exists already`);
      throw error;
    }
    return profile(record);
  }

  async get(username: string): Promise<OperatorProfile | undefined> {
    const found = await this.read(username);
    return found ? profile(found.record) : undefined;
  }

  async list(): Promise<OperatorProfile[]> {
    // A key updated while it is listed comes twice; counted twice, one admin would pass for two.
    const keys = new Set<string>();
    for await (const key of await this.kv.keys()) keys.add(key);
    const found = await Promise.all([...keys].map((key) => this.get(key)));
    return found
      .filter((o): o is OperatorProfile => o !== undefined)
      .sort((a, b) => a.username.localeCompare(b.username));
  }

  /**
   * Applies changes as a compare-and-set on the revision read, so two replicas changing the same
   * account do not overwrite each other. The last enabled admin cannot be demoted or disabled.
   */
  async update(
    username: string,
    input: OperatorChanges,
    now = new Date(),
  ): Promise<{ before: OperatorProfile; after: OperatorProfile }> {
    const changes = parseInput(operatorChangesSchema, input);
    const passwordHash = changes.password === undefined ? undefined : await hash(changes.password);
    for (let attempt = 0; attempt < 5; attempt++) {
      const found = await this.read(username);
      if (!found) throw new BranchlineError('not_found', `no operator ${username}`);
      const before = found.record;
      const after: OperatorRecord = {
        ...before,
        ...(changes.displayName === undefined ? {} : { displayName: changes.displayName }),
        ...(changes.role === undefined ? {} : { role: changes.role }),
        ...(changes.disabled === undefined ? {} : { disabled: changes.disabled }),
        ...(passwordHash === undefined ? {} : { passwordHash }),
        updatedAt: now.toISOString(),
      };
      if (isEnabledAdmin(before) && !isEnabledAdmin(after)) {
        const admins = (await this.list()).filter(isEnabledAdmin);
        if (admins.length <= 1)
          throw new BranchlineError(
            'failed_precondition',
            `${username} is the last enabled admin; make another operator admin first`,
          );
      }
      try {
        await this.kv.update(username, JSON.stringify(after), found.revision);
        return { before: profile(before), after: profile(after) };
      } catch (error) {
        // Someone else changed the account since it was read: read it again and retry.
        if (attempt === 4) throw error;
      }
    }
    throw new BranchlineError('unavailable', `operator ${username} keeps changing; try again`, true);
  }

  setRole(username: string, role: Role) {
    return this.update(username, { role });
  }

  disable(username: string) {
    return this.update(username, { disabled: true });
  }

  /** The operator these credentials belong to, or an `unauthenticated` error. */
  async verify(username: string, password: string): Promise<OperatorProfile> {
    const found = await this.read(username.trim());
    const ok = found
      ? await verify(found.record.passwordHash, password)
      : await verify(await this.decoy, password);
    if (!found || !ok || found.record.disabled)
      throw new BranchlineError('unauthenticated', 'wrong username or password');
    return profile(found.record);
  }

  private async read(username: string): Promise<{ record: OperatorRecord; revision: number } | undefined> {
    // Anything that is not a valid username cannot be a key; asking NATS would only throw.
    const key = usernameSchema.safeParse(username);
    if (!key.success) return undefined;
    const entry = await this.kv.get(key.data);
    if (entry?.operation !== 'PUT') return undefined;
    return { record: recordSchema.parse(entry.json()), revision: entry.revision };
  }
}
