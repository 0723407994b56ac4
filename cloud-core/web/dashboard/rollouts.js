// Staged rollouts with their canaries' health against the rest, and the rollback button.

import htm from 'htm';
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { post } from './api.js';
import { ago, int, pct } from './format.js';

const html = htm.bind(h);

// htm drops the whitespace around line breaks, so sentences are built as strings.
const summary = (s) =>
  `${int(s.turns)} turns · hand-off ${pct(s.handoffRate)} · errors ${pct(s.errorRate)} · answer-check failures ${int(s.answerCheckFailures)}`;
const targets = (r) =>
  `canaries ${r.canaries.join(', ') || '—'} · rest ${r.rest.join(', ') || '—'} · canary share ${pct(r.canaryShare)} · wait ${r.waitSeconds} s`;

function Health({ label, stats }) {
  if (!stats) return html`<div class="muted">${label}: no data yet</div>`;
  return html`<div class="health" data-testid="rollout-health">
    <strong>${label}</strong>: ${summary(stats)}
    ${stats.refusals.map((r) => html`<div class="warn">${r.edgeId} refused ${r.version ?? ''}: ${r.reason}</div>`)}
  </div>`;
}

export function RolloutsPanel({ rollouts, canOperate, onChanged }) {
  const [busy, setBusy] = useState('');
  const [error, setError] = useState('');
  const rollBack = async (rollout) => {
    if (
      !globalThis.confirm(
        `Roll back ${rollout.version} on ${rollout.canaries.length + rollout.rest.length} edges?`,
      )
    )
      return;
    setBusy(rollout.id);
    setError('');
    try {
      await post(`/v1/config/rollouts/${encodeURIComponent(rollout.id)}/rollback`);
      onChanged();
    } catch (e) {
      setError(e.message);
    } finally {
      setBusy('');
    }
  };
  return html`<section class="panel" data-testid="rollouts">
    <h2>Rollouts</h2>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${rollouts.length === 0 && html`<p class="empty">No rollouts yet. Start one with <code>npx branchline rollout start VERSION</code>.</p>`}
    ${rollouts.map(
      (r) => html`<div class="rollout" data-testid="rollout" data-rollout=${r.id}>
        <div class="row">
          <strong>${r.version}</strong>
          <span class=${`badge phase-${r.phase}`} data-testid="rollout-phase">${r.phase.replace('_', ' ')}</span>
          <span class="muted">${r.selector || 'all edges'} · started ${ago(r.startedAt)}</span>
          ${
            canOperate &&
            (r.phase === 'canary' || r.phase === 'complete') &&
            html`<button class="danger" data-testid="rollback" disabled=${busy === r.id} onClick=${() => rollBack(r)}>
              Roll back
            </button>`
          }
        </div>
        <div class="muted">${targets(r)}</div>
        ${r.reason && html`<div class="reason" data-testid="rollout-reason">${r.reason}</div>`}
        ${
          r.health
            ? html`<${Health} label="Canaries" stats=${r.health.canary} /><${Health} label="Rest" stats=${r.health.baseline} />`
            : html`<div class="muted">Canary health not judged yet.</div>`
        }
      </div>`,
    )}
  </section>`;
}
