// KPIs over time for the whole fleet, one region or one edge, from the core's read model.

import htm from 'htm';
import { h } from 'preact';
import { useMemo } from 'preact/hooks';
import { Bars, TimeChart } from './charts.js';
import { bucketLabel, dec, duration, int, pct, usd } from './format.js';

const html = htm.bind(h);

export const ranges = [
  { value: 24, label: 'Last 24 hours' },
  { value: 72, label: 'Last 3 days' },
  { value: 168, label: 'Last 7 days' },
  { value: 720, label: 'Last 30 days' },
];

/** Scopes the fleet offers: all of it, each region label, each edge. */
export function scopesOf(edges) {
  const regions = [...new Set(edges.map((e) => e.labels.region).filter(Boolean))].sort();
  return [
    { value: '', label: 'Whole fleet' },
    ...regions.map((r) => ({ value: `selector=region%3D${encodeURIComponent(r)}`, label: `Region ${r}` })),
    ...edges.map((e) => ({ value: `edge=${encodeURIComponent(e.id)}`, label: `Edge ${e.name} (${e.id})` })),
  ];
}

export function ScopeBar({ scopes, scope, hours, onScope, onHours }) {
  return html`<div class="scope-bar">
    <label>Scope
      <select data-testid="scope" value=${scope} onChange=${(e) => onScope(e.target.value)}>
        ${scopes.map((s) => html`<option value=${s.value}>${s.label}</option>`)}
      </select>
    </label>
    <label>Period
      <select data-testid="range" value=${String(hours)} onChange=${(e) => onHours(Number(e.target.value))}>
        ${ranges.map((r) => html`<option value=${String(r.value)}>${r.label}</option>`)}
      </select>
    </label>
  </div>`;
}

function Card({ label, value, hint, testid }) {
  return html`<div class="card" data-testid=${testid}>
    <div class="card-label">${label}</div>
    <div class="card-value" data-testid=${`${testid}-value`}>${value}</div>
    ${hint && html`<div class="card-hint">${hint}</div>`}
  </div>`;
}

export function KpiPanel({ kpis }) {
  const labels = useMemo(() => kpis?.points.map((p) => bucketLabel(p.at, kpis.bucket)) ?? [], [kpis]);
  const series = useMemo(() => {
    if (!kpis) return null;
    const of = (key) => kpis.points.map((p) => p[key]);
    return {
      volume: [
        { label: 'Conversations', data: of('conversations'), kind: 'bar' },
        { label: 'Hand-offs', data: of('handoffs'), kind: 'bar' },
        { label: 'Answer-check failures', data: of('answerCheckFailures'), kind: 'bar' },
      ],
      rates: [
        { label: 'AI containment', data: of('containmentRate') },
        { label: 'Hand-off rate', data: of('handoffRate') },
        { label: 'Negative sentiment (avg)', data: of('avgNegativeSentiment') },
      ],
      llm: [
        { label: 'Input tokens', data: of('inputTokens'), kind: 'bar' },
        { label: 'Output tokens', data: of('outputTokens'), kind: 'bar' },
        { label: 'Cost (USD)', data: of('costUsd'), axis: 'y1' },
      ],
      wait: [
        {
          label: 'Average wait for an agent (s)',
          data: kpis.points.map((p) => (p.avgWaitMs === null ? null : p.avgWaitMs / 1000)),
        },
      ],
    };
  }, [kpis]);
  if (!kpis) return html`<section class="panel"><p class="loading">Loading figures…</p></section>`;
  const t = kpis.totals;
  return html`<section class="panel" data-testid="kpis">
    <h2>Figures · ${kpis.scopeLabel}</h2>
    <div class="cards">
      <${Card} testid="kpi-conversations" label="Conversations" value=${int(t.conversations)} hint=${`${int(t.turns)} turns`} />
      <${Card} testid="kpi-containment" label="AI containment" value=${pct(t.containmentRate)} hint="conversations never handed to a person" />
      <${Card} testid="kpi-handoff-rate" label="Hand-off rate" value=${pct(t.handoffRate)} hint=${`${int(t.handoffs)} hand-offs`} />
      <${Card} testid="kpi-wait" label="Average wait" value=${duration(t.avgWaitMs)} hint="until an agent accepted" />
      <${Card} testid="kpi-sentiment" label="Negative sentiment" value=${dec(t.avgNegativeSentiment)} hint="average probability, 0–1" />
      <${Card} testid="kpi-answer-check" label="Answer-check failures" value=${int(t.answerCheckFailures)} />
      <${Card} testid="kpi-tokens" label="LLM tokens" value=${int(t.inputTokens + t.outputTokens)} hint=${`${int(t.inputTokens)} in · ${int(t.outputTokens)} out`} />
      <${Card} testid="kpi-cost" label="LLM cost" value=${usd(t.costUsd)} hint=${t.costUnknownTurns ? `no price for ${int(t.costUnknownTurns)} turns` : 'list prices'} />
    </div>
    <div class="charts">
      <${TimeChart} testid="chart-volume" title="Conversations, hand-offs and answer-check failures" labels=${labels} series=${series.volume} />
      <${TimeChart} testid="chart-rates" title="Containment, hand-off rate and sentiment" labels=${labels} series=${series.rates} percentAxis="y" />
      <${TimeChart} testid="chart-llm" title="LLM tokens and cost" labels=${labels} series=${series.llm} />
      <${TimeChart} testid="chart-wait" title="Average wait for an agent" labels=${labels} series=${series.wait} />
    </div>
    <div class="charts">
      <${Bars} testid="handoff-reasons" title="Hand-offs by reason" rows=${kpis.handoffsByReason.map((r) => ({ label: r.reason, count: r.count }))} empty="No hand-offs in this period." />
      <${Bars} testid="top-intents" title="Top intents" rows=${kpis.topIntents.map((r) => ({ label: r.intent, count: r.count }))} />
    </div>
  </section>`;
}
