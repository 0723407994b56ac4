import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type KnowledgeArticle, knowledgeSnapshotSchema } from '@branchline/shared';
import { openDatabase } from '../db/index.js';
import { composeAnswer, KnowledgeBase } from '../knowledge/index.js';
import { type DemoQuestion, readDemoKnowledge } from './knowledge-demo.js';
import { generateArticles, generateQueries, seededRandom } from './knowledge-generator.js';
import { runKnowledgeSyncBenchmark } from './knowledge-sync-benchmark.js';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
const round = (n: number) => Math.round(n * 1000) / 1000;
const now = new Date();

function snapshot(id: string, articles: KnowledgeArticle[], synonyms: string[][]) {
  return knowledgeSnapshotSchema.parse({
    format: 'branchline-kb/1',
    id,
    createdAt: now.toISOString(),
    synonyms,
    articles,
  });
}

/** Distinct article ids of the hits, best first. */
function rankedArticles(kb: KnowledgeBase, q: DemoQuestion): string[] {
  const hits = kb.search(q.question, { locale: q.locale, now, limit: 10 });
  return [...new Set(hits.map((h) => h.articleId))];
}

export interface QuestionOutcome extends DemoQuestion {
  top: string[];
  answered: string | null;
}

/**
 * Knowledge retrieval on the edge, measured two ways: how often the demo knowledge base finds the
 * article that answers a customer's question (hit@1, hit@5; how often the edge answers locally
 * and whether that answer cites the right article), and how fast one search runs when the edge
 * holds 10,000 articles. Real SQLite files in a temp dir, the same `KnowledgeBase` the edge runs.
 */
export async function runKnowledgeBenchmark(options: {
  demoDir: string;
  progress: (line: string) => void;
  largeArticles?: number;
  queries?: number;
  /** Also measure snapshot sync through a real nats-server, core and edge (needs built dist/). */
  sync?: { modelsDir?: string };
}) {
  const { progress } = options;
  const largeCount = options.largeArticles ?? 10_000;
  const queryCount = options.queries ?? 2_000;
  const dir = mkdtempSync(join(tmpdir(), 'bl-knowledge-bench-'));
  try {
    const demo = readDemoKnowledge(options.demoDir);
    progress(`demo: ${demo.articles.length} articles, ${demo.questions.length} questions`);

    const demoDb = openDatabase(join(dir, 'demo.db'));
    const demoKb = new KnowledgeBase(demoDb);
    demoKb.install(snapshot('demo', demo.articles, demo.synonyms));
    const outcomes: QuestionOutcome[] = demo.questions.map((q) => {
      const answer = composeAnswer(q.question, demoKb.search(q.question, { locale: q.locale, now }));
      return { ...q, top: rankedArticles(demoKb, q).slice(0, 5), answered: answer?.citation.id ?? null };
    });
    demoDb.$client.close();
    const share = (n: number, of: number) => (of === 0 ? 0 : round(n / of));
    const answered = outcomes.filter((o) => o.answered !== null);
    const demoResult = {
      articles: demo.articles.length,
      questions: outcomes.length,
      hitAt1: share(outcomes.filter((o) => o.top[0] === o.expected).length, outcomes.length),
      hitAt5: share(outcomes.filter((o) => o.top.includes(o.expected)).length, outcomes.length),
      localAnswerRate: share(answered.length, outcomes.length),
      localAnswerPrecision: share(answered.filter((o) => o.answered === o.expected).length, answered.length),
    };
    for (const o of outcomes.filter((o) => o.top[0] !== o.expected)) {
      progress(
        `  miss: ${o.question} -> ${o.top.slice(0, 3).join(', ') || '(nothing)'} (want ${o.expected})`,
      );
    }
    for (const o of answered.filter((o) => o.answered !== o.expected)) {
      progress(`  wrong answer: ${o.question} -> ${o.answered} (want ${o.expected})`);
    }
    progress(
      `demo: hit@1 ${demoResult.hitAt1}, hit@5 ${demoResult.hitAt5}, local answers ${demoResult.localAnswerRate} (precision ${demoResult.localAnswerPrecision})`,
    );

    // The large knowledge base: the demo articles among generated ones, 10,000 in all.
    const articles = [...demo.articles, ...generateArticles(Math.max(0, largeCount - demo.articles.length))];
    const largeDb = openDatabase(join(dir, 'large.db'));
    const largeKb = new KnowledgeBase(largeDb);
    const started = performance.now();
    const installed = largeKb.install(snapshot('large', articles, demo.synonyms));
    const installMs = performance.now() - started;
    progress(
      `large: installed ${installed.articles} articles, ${installed.passages} passages in ${Math.round(installMs)} ms`,
    );

    const random = seededRandom(99);
    const generated = generateQueries(queryCount);
    const queries = generated.map((g, i) => {
      // Every other query is a demo question, the rest ask about generated subjects.
      const q = i % 2 === 0 ? demo.questions[Math.floor(random() * demo.questions.length)] : undefined;
      return q ?? g;
    });
    for (const q of queries.slice(0, 100)) largeKb.search(q.question, { locale: q.locale, now });
    const latencies: number[] = [];
    for (const q of queries) {
      const t = performance.now();
      largeKb.search(q.question, { locale: q.locale, now });
      latencies.push(performance.now() - t);
    }
    largeDb.$client.close();
    const sync = options.sync
      ? await runKnowledgeSyncBenchmark({ articles, progress, ...options.sync })
      : undefined;
    latencies.sort((a, b) => a - b);
    const latencyMs = {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
    };
    progress(
      `large: ${queries.length} searches, p50 ${latencyMs.p50} ms, p95 ${latencyMs.p95} ms, p99 ${latencyMs.p99} ms`,
    );

    return {
      benchmark:
        'edge knowledge retrieval: hit@k on the demo questions, search latency and snapshot sync over 10,000 articles',
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
      demo: demoResult,
      large: {
        articles: installed.articles,
        passages: installed.passages,
        installMs: Math.round(installMs),
        latencyMs,
        ...(sync ? { sync } : {}),
      },
      createdAt: new Date().toISOString(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
