import type { KpiResult, OpsAlert, ReadModelStatus } from '../ops/index.js';
import type { ApiClient } from './api-client.js';
import { type Output, table } from './commands.js';

export interface ScopeOptions {
  edge?: string;
  selector?: string;
  hours?: string;
  bucket?: string;
}

export function scopeQuery(options: ScopeOptions & { limit?: string }): string {
  const query = new URLSearchParams();
  if (options.edge) query.set('edge', options.edge);
  if (options.selector) query.set('selector', options.selector);
  if (options.hours) query.set('hours', options.hours);
  if (options.bucket) query.set('bucket', options.bucket);
  if (options.limit) query.set('limit', options.limit);
  const text = query.toString();
  return text ? `?${text}` : '';
}

const pct = (r: number | null) => (r === null ? '-' : `${(r * 100).toFixed(1)}%`);
const num = (n: number | null, digits = 0) => (n === null ? '-' : n.toFixed(digits));

type KpiResponse = KpiResult & { scope: string; from: string; to: string; bucket: 'hour' | 'day' };

/** The dashboard's figures for a scope: totals, the series by bucket, hand-off reasons and top intents. */
export async function fleetKpis(api: ApiClient, io: Output, options: ScopeOptions & { json: boolean }) {
  const kpis = await api.get<KpiResponse>(`/v1/ops/kpis${scopeQuery(options)}`);
  if (options.json) return io.out(JSON.stringify(kpis, null, 2));
  const t = kpis.totals;
  io.out(
    [
      `Figures for ${kpis.scope}, ${kpis.from} to ${kpis.to}:`,
      `  conversations ${t.conversations} (${t.turns} turns), AI containment ${pct(t.containmentRate)}, hand-off rate ${pct(t.handoffRate)}`,
      `  average wait ${t.avgWaitMs === null ? '-' : `${(t.avgWaitMs / 1000).toFixed(1)} s`}, negative sentiment ${num(t.avgNegativeSentiment, 2)}, answer-check failures ${t.answerCheckFailures}`,
      `  LLM tokens ${t.inputTokens} in / ${t.outputTokens} out, cost $${t.costUsd.toFixed(4)}${t.costUnknownTurns ? ` (no price for ${t.costUnknownTurns} turns)` : ''}`,
      `  hand-offs by reason: ${kpis.handoffsByReason.map((r) => `${r.reason} ${r.count}`).join(', ') || 'none'}`,
      `  top intents: ${kpis.topIntents.map((r) => `${r.intent} ${r.count}`).join(', ') || 'none'}`,
      '',
    ].join('\n'),
  );
  const rows = [
    [
      kpis.bucket.toUpperCase(),
      'CONV',
      'TURNS',
      'HANDOFFS',
      'CONTAINED',
      'WAIT S',
      'NEG',
      'CHECK FAIL',
      'TOKENS',
    ],
  ];
  for (const p of kpis.points.filter((p) => p.turns > 0 || p.conversations > 0))
    rows.push([
      p.at,
      String(p.conversations),
      String(p.turns),
      String(p.handoffs),
      pct(p.containmentRate),
      p.avgWaitMs === null ? '-' : (p.avgWaitMs / 1000).toFixed(1),
      num(p.avgNegativeSentiment, 2),
      String(p.answerCheckFailures),
      String(p.inputTokens + p.outputTokens),
    ]);
  io.out(rows.length > 1 ? table(rows) : 'No activity in this period.');
}

export async function fleetAlerts(
  api: ApiClient,
  io: Output,
  options: ScopeOptions & { limit?: string; json: boolean },
) {
  const { alerts, scope } = await api.get<{ alerts: OpsAlert[]; scope: string }>(
    `/v1/ops/alerts${scopeQuery(options)}`,
  );
  if (options.json) return io.out(JSON.stringify(alerts, null, 2));
  if (alerts.length === 0) return io.out(`No compliance alerts for ${scope}.`);
  const rows = [['WHEN', 'EDGE', 'SEVERITY', 'RULE', 'SIDE', 'TEXT']];
  for (const a of alerts) rows.push([a.occurredAt, a.edgeId, a.severity, a.ruleId, a.side, a.text]);
  io.out(table(rows));
}

export async function readModelCommand(
  api: ApiClient,
  io: Output,
  options: { rebuild: boolean; json: boolean },
) {
  if (options.rebuild) {
    const result = await api.post<{ events: number; ms: number }>('/v1/ops/read-model/rebuild', {});
    if (options.json) return io.out(JSON.stringify(result));
    return io.out(
      `Rebuilt the read model from ${result.events} events in ${(result.ms / 1000).toFixed(1)} s.`,
    );
  }
  const status = await api.get<ReadModelStatus>('/v1/ops/read-model');
  io.out(options.json ? JSON.stringify(status) : JSON.stringify(status, null, 2));
}
