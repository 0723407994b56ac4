import { defaultRoutingPolicy, type Logger, type RoutingPolicy } from '@branchline/shared';
import type { Admission } from '../burst/index.js';
import type { ComplianceEngine } from '../compliance/index.js';
import type { BranchConnector } from '../connector/index.js';
import type { DialogClient } from '../core-link/index.js';
import { type EdgeDatabase, GroupCommit } from '../db/index.js';
import type { KnowledgeBase } from '../knowledge/index.js';
import type { Models } from '../models/index.js';
import type { OfferEngine } from '../offers/index.js';
import type { Outbox } from '../outbox/index.js';
import { Redactor } from '../privacy/redactor.js';
import type { PiiKind } from '../privacy/types.js';
import { Vault } from '../privacy/vault.js';
import type { BranchTool } from '../tools/index.js';
import { ConversationService } from './conversation-service.js';
import { ConversationStore } from './conversation-store.js';
import { LiveHub } from './live-hub.js';
import type { BurstDeps } from './stages/cloud-reply.js';

export interface ConversationSetup {
  db: EdgeDatabase;
  outbox: Outbox;
  models: Models;
  connector: BranchConnector;
  tools: ReadonlyMap<string, BranchTool>;
  secret: Buffer;
  vaultRetentionDays: number;
  maxMessageChars: number;
  policy?: () => RoutingPolicy;
  /** The edge's installed knowledge (shared with the sync that replaces it). */
  knowledge: KnowledgeBase;
  /** The cloud dialog through the core; without it, cloud turns answer that it is unavailable. */
  dialog?: { client: DialogClient; deadlineMs: number };
  /** Admission control for AI turns (the branch's slots) and burst capacity for the overflow. */
  admission?: Admission;
  burst?: BurstDeps;
  /** The compliance rules in force (see `activeComplianceEngine`). */
  compliance?: () => ComplianceEngine;
  /** Proactive offers and reminders from the bundle's rules. */
  offers?: OfferEngine;
  log: Logger;
}

/** Wires the turn pipeline to the edge's database, models, vault and branch system. */
export function buildConversationService(setup: ConversationSetup): {
  service: ConversationService;
  vault: Vault;
} {
  const vault = new Vault(setup.db, setup.secret, setup.vaultRetentionDays);
  const hasTagger = () => setup.models.card('pii-tagger') !== undefined;
  const commits = new GroupCommit(setup.db);
  const redactor = new Redactor(
    vault,
    (text) => (hasTagger() ? setup.models.tag('pii-tagger', text) : Promise.resolve([])),
    (work) => commits.run(work),
  );
  // The verified customer's data on file changes rarely; a turn should not wait on the branch
  // system for it each time.
  const known = new Map<string, { at: number; values: Promise<{ kind: PiiKind; value: string }[]> }>();
  const lookUp = async (customerRef: string) => {
    const customer = await setup.connector.customer(customerRef);
    if (!customer) return [];
    const values: { kind: PiiKind; value: string }[] = [
      { kind: 'name', value: customer.name },
      { kind: 'phone', value: customer.phone },
      { kind: 'email', value: customer.email ?? '' },
      { kind: 'address', value: customer.address },
    ];
    return values.filter((k) => k.value.length > 0);
  };
  const knownValues = (customerRef: string | null) => {
    if (!customerRef) return Promise.resolve([]);
    const hit = known.get(customerRef);
    if (hit && Date.now() - hit.at < 60_000) return hit.values;
    if (known.size > 10_000) known.clear();
    const values = lookUp(customerRef);
    known.set(customerRef, { at: Date.now(), values });
    return values;
  };
  const log = setup.log;
  const store = new ConversationStore(setup.db);
  const service = new ConversationService({
    commits,
    store,
    hub: new LiveHub(),
    outbox: setup.outbox,
    log,
    maxMessageChars: setup.maxMessageChars,
    ...(setup.offers ? { offers: setup.offers } : {}),
    pipeline: {
      classify: (task, text) => setup.models.classify(task, text),
      redactor,
      vault,
      tools: setup.tools,
      knowledge: setup.knowledge,
      cloud: setup.dialog
        ? {
            dialog: setup.dialog.client,
            deadlineMs: setup.dialog.deadlineMs,
            history: (conversationId) =>
              store
                .transcript(conversationId)
                // Offers and reminders quote the customer's figures from the branch system.
                .filter((m) => m.role !== 'system' && m.handledBy !== 'offer')
                .map((m) => ({ role: m.role as 'customer' | 'assistant' | 'agent', text: m.text })),
          }
        : undefined,
      policy: setup.policy ?? (() => defaultRoutingPolicy),
      knownValues,
      understood: (conversationId, limit) => store.understood(conversationId, limit),
      ...(setup.compliance ? { compliance: setup.compliance } : {}),
      ...(setup.admission ? { admission: setup.admission } : {}),
      ...(setup.burst ? { burst: setup.burst } : {}),
      log,
    },
  });
  return { service, vault };
}
