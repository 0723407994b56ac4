import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Events wait here until JetStream acknowledges them: written in the same process step as the
 * change they describe, so a WAN or NATS outage delays them and never loses them.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    /** Event id, also the JetStream message id that de-duplicates re-sends. */
    id: text('id').notNull().unique(),
    subject: text('subject').notNull(),
    payload: text('payload').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('outbox_pending_idx').on(t.publishedAt, t.seq)],
);

/** A customer conversation on this edge. `customerRef` is set when the channel verified the customer. */
export const conversations = sqliteTable(
  'conversations',
  {
    id: text('id').primaryKey(),
    channel: text('channel').notNull(),
    locale: text('locale').notNull(),
    customerRef: text('customer_ref'),
    status: text('status', { enum: ['open', 'ended'] }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('conversations_customer_idx').on(t.customerRef)],
);

/**
 * The transcript, stored tokenized: personal data lives only in the vault, so erasing a customer
 * or expiring the vault leaves no readable copy here. `seq` orders the conversation and is the
 * SSE event id a reconnecting client resumes from.
 */
export const messages = sqliteTable(
  'messages',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    turnId: text('turn_id').notNull(),
    role: text('role', { enum: ['customer', 'assistant', 'agent', 'system'] }).notNull(),
    text: text('text').notNull(),
    /** Customer turns: `pending` until answered, so a turn accepted before a crash is answered after it. */
    status: text('status', { enum: ['pending', 'answered', 'final'] }).notNull(),
    handledBy: text('handled_by'),
    /** JSON: understanding for customer turns, citations and route for replies. */
    meta: text('meta'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('messages_conversation_idx').on(t.conversationId, t.seq),
    index('messages_status_idx').on(t.status),
  ],
);

/**
 * Originals of tokenized personal data, AES-256-GCM encrypted. `valueHash` (keyed HMAC) finds the
 * token of a value already seen in the conversation without decrypting anything.
 */
export const vault = sqliteTable(
  'vault',
  {
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    token: text('token').notNull(),
    kind: text('kind').notNull(),
    valueHash: text('value_hash').notNull(),
    sealed: blob('sealed', { mode: 'buffer' }).notNull(),
    customerRef: text('customer_ref'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.token] }),
    uniqueIndex('vault_value_idx').on(t.conversationId, t.valueHash),
    index('vault_expiry_idx').on(t.expiresAt),
    index('vault_customer_idx').on(t.customerRef),
  ],
);

/** The knowledge snapshot this edge answers from; replaced whole, in one transaction. */
export const kbArticles = sqliteTable('kb_articles', {
  id: text('id').primaryKey(),
  version: integer('version').notNull(),
  title: text('title').notNull(),
  locale: text('locale').notNull(),
  tags: text('tags', { mode: 'json' }).$type<string[]>().notNull(),
  validFrom: integer('valid_from', { mode: 'timestamp_ms' }),
  validUntil: integer('valid_until', { mode: 'timestamp_ms' }),
});

/**
 * Articles cut into passages, the unit retrieval returns and answers cite. `kb_terms` (FTS5,
 * contentless, created by a hand-written migration) indexes the analyzed terms of title, heading
 * and text; see `knowledge/passage-terms.ts`.
 */
export const kbPassages = sqliteTable(
  'kb_passages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    articleId: text('article_id')
      .notNull()
      .references(() => kbArticles.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    title: text('title').notNull(),
    heading: text('heading').notNull(),
    text: text('text').notNull(),
  },
  (t) => [index('kb_passages_article_idx').on(t.articleId, t.ordinal)],
);

/** Which snapshot is installed, and its synonyms. */
export const kbState = sqliteTable('kb_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** People who take conversations in this branch's agent console. */
export const agents = sqliteTable('agents', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  /** argon2id (`@node-rs/argon2`), PHC string. */
  passwordHash: text('password_hash').notNull(),
  languages: text('languages', { mode: 'json' }).$type<string[]>().notNull(),
  skills: text('skills', { mode: 'json' }).$type<string[]>().notNull(),
  maxConcurrent: integer('max_concurrent').notNull(),
  role: text('role', { enum: ['agent', 'supervisor'] }).notNull(),
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Signed-in console sessions; only a hash of the cookie's token is kept. */
export const agentSessions = sqliteTable(
  'agent_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('agent_sessions_expiry_idx').on(t.expiresAt)],
);

/**
 * A conversation handed to a person: waiting in the queue, with an agent, or wrapped up. The
 * in-memory queue is rebuilt from the open rows at start, so a restart loses no one's place.
 */
export const handoffs = sqliteTable(
  'handoffs',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    severity: text('severity', { enum: ['low', 'normal', 'high', 'critical'] }).notNull(),
    valueTier: text('value_tier').notNull(),
    language: text('language').notNull(),
    skills: text('skills', { mode: 'json' }).$type<string[]>().notNull(),
    status: text('status', { enum: ['waiting', 'assigned', 'wrapped'] }).notNull(),
    agentId: text('agent_id'),
    enqueuedAt: integer('enqueued_at', { mode: 'timestamp_ms' }).notNull(),
    assignedAt: integer('assigned_at', { mode: 'timestamp_ms' }),
    wrappedAt: integer('wrapped_at', { mode: 'timestamp_ms' }),
    disposition: text('disposition'),
    correctedIntent: text('corrected_intent'),
  },
  (t) => [index('handoffs_open_idx').on(t.status), index('handoffs_conversation_idx').on(t.conversationId)],
);

/** Every console action, who did it and when: sign-ins, presence, accepts, replies, transfers. */
export const agentAudit = sqliteTable(
  'agent_audit',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    agentId: text('agent_id'),
    action: text('action').notNull(),
    conversationId: text('conversation_id'),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('agent_audit_agent_idx').on(t.agentId, t.at)],
);

/** The configuration bundle this edge runs: the last good one, kept across restarts. */
export const edgeConfig = sqliteTable('edge_config', {
  key: text('key').primaryKey(),
  version: text('version').notNull(),
  bundle: text('bundle').notNull(),
  appliedAt: integer('applied_at', { mode: 'timestamp_ms' }).notNull(),
});

/**
 * Every proactive offer or reminder made: the audit of what was offered to whom, and what the
 * frequency caps count. Keyed by the customer when verified, else by the conversation.
 */
export const offersMade = sqliteTable(
  'offers_made',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ruleId: text('rule_id').notNull(),
    /** `customer:<ref>` or `conversation:<id>`: whom the cap counts for. */
    subject: text('subject').notNull(),
    // Erasing a customer's conversations erases what they were offered.
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    moment: text('moment').notNull(),
    action: text('action').notNull(),
    articleId: text('article_id'),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('offers_made_subject_idx').on(t.ruleId, t.subject, t.at)],
);

/**
 * One outbound reminder owed to one customer: a campaign, a customer of the branch, and the due
 * date it is about (`due_key`: which loan or car, and when), so a date is reminded of once however
 * often the campaign runs. Who the customer is stays in the branch system; only the ref is here.
 */
export const outboundContacts = sqliteTable(
  'outbound_contacts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    campaignId: text('campaign_id').notNull(),
    customerRef: text('customer_ref').notNull(),
    dueKey: text('due_key').notNull(),
    dueDate: text('due_date').notNull(),
    /** pending, done, exhausted (no answer in maxAttempts), failed (undeliverable), do_not_contact. */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lastResult: text('last_result'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('outbound_contacts_due_idx').on(t.campaignId, t.customerRef, t.dueKey),
    index('outbound_contacts_next_idx').on(t.status, t.nextAttemptAt),
  ],
);

/** Every attempt the gateway was asked to make, with what it answered: the campaign's audit. */
export const outboundAttempts = sqliteTable(
  'outbound_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contactId: integer('contact_id')
      .notNull()
      .references(() => outboundContacts.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    result: text('result').notNull(),
    detail: text('detail'),
  },
  (t) => [index('outbound_attempts_contact_idx').on(t.contactId)],
);

/** Customers who asked not to be contacted: no campaign reaches them, whatever it is about. */
export const doNotContact = sqliteTable('do_not_contact', {
  customerRef: text('customer_ref').primaryKey(),
  reason: text('reason').notNull(),
  addedBy: text('added_by').notNull(),
  addedAt: integer('added_at', { mode: 'timestamp_ms' }).notNull(),
});
