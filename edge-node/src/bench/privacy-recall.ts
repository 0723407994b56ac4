import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@branchline/shared';
import { ConversationStore } from '../conversation/conversation-store.js';
import { openDatabase } from '../db/index.js';
import { ModelRegistry, ModelStore } from '../models/index.js';
import { detectByRules } from '../privacy/detectors/index.js';
import { Redactor } from '../privacy/redactor.js';
import { taggerSpans } from '../privacy/tagger-spans.js';
import { Vault } from '../privacy/vault.js';

interface Mention {
  kind: 'name' | 'address';
  value: string;
}

/** CLUENER lines: {"text", "label": {type: {mention: [[start, end]]}}}; names and addresses only. */
function readMentions(file: string): { text: string; mentions: Mention[] }[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const row = JSON.parse(line) as { text: string; label?: Record<string, Record<string, unknown>> };
      const mentions: Mention[] = [];
      for (const kind of ['name', 'address'] as const) {
        for (const value of Object.keys(row.label?.[kind] ?? {})) mentions.push({ kind, value });
      }
      return { text: row.text, mentions };
    });
}

interface Tally {
  total: number;
  kept: number;
  byTaggerAlone: number;
  byRulesAlone: number;
}

/**
 * How many CLUENER names and addresses the edge's redactor keeps in the branch: a mention counts
 * as kept when its text no longer appears after redaction. The tagger's share and the rules'
 * share are counted apart, so the model's recall is visible on its own.
 */
export async function runPrivacyRecall(options: { taggerDir: string; testFile: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'bl-privacy-recall-'));
  const log = createLogger('privacy-recall', { level: 'silent' });
  const db = openDatabase(join(dir, 'edge.db'));
  const store = new ModelStore(join(dir, 'models'));
  const models = new ModelRegistry(store, log);
  try {
    const { task } = JSON.parse(readFileSync(join(options.taggerDir, 'model.json'), 'utf8')) as {
      task: string;
    };
    await models.activate(task, await store.install(options.taggerDir));
    const tag = (text: string) => models.tag(task, text);
    const vault = new Vault(db, randomBytes(32), 1);
    const redactor = new Redactor(vault, tag);
    const conversation = new ConversationStore(db).create({
      channel: 'eval',
      locale: 'zh-CN',
      customerRef: null,
    });
    const tallies: Record<Mention['kind'], Tally> = {
      name: { total: 0, kept: 0, byTaggerAlone: 0, byRulesAlone: 0 },
      address: { total: 0, kept: 0, byTaggerAlone: 0, byRulesAlone: 0 },
    };
    const rows = readMentions(options.testFile);
    for (const row of rows) {
      if (row.mentions.length === 0) continue;
      const redacted = await redactor.redact({
        conversationId: conversation.id,
        customerRef: null,
        text: row.text,
      });
      const all = await redactor.detect(row.text);
      const fromTagger = taggerSpans(row.text, await tag(row.text));
      const fromRules = detectByRules(row.text);
      // Covered only when every character of the mention is inside some span: a name cut in
      // half still leaks half of it.
      const covered = (spans: { start: number; end: number }[], value: string) => {
        const at = row.text.indexOf(value);
        for (let i = at; i < at + value.length; i++) {
          if (!spans.some((s) => s.start <= i && i < s.end)) return false;
        }
        return at >= 0;
      };
      for (const mention of row.mentions) {
        const tally = tallies[mention.kind];
        tally.total++;
        if (covered(all, mention.value) && !redacted.text.includes(mention.value)) tally.kept++;
        if (covered(fromTagger, mention.value)) tally.byTaggerAlone++;
        if (covered(fromRules, mention.value)) tally.byRulesAlone++;
      }
    }
    const share = (n: number, total: number) => Math.round((n / Math.max(1, total)) * 10_000) / 10_000;
    return Object.fromEntries(
      Object.entries(tallies).map(([kind, t]) => [
        kind,
        {
          mentions: t.total,
          recall: share(t.kept, t.total),
          taggerAloneRecall: share(t.byTaggerAlone, t.total),
          rulesAloneRecall: share(t.byRulesAlone, t.total),
        },
      ]),
    );
  } finally {
    await models.close();
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
