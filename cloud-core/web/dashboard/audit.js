// The latest entries of the audit log: who changed what, from where, and whether it went through.

import htm from 'htm';
import { h } from 'preact';
import { ago } from './format.js';

const html = htm.bind(h);

export function AuditPanel({ entries }) {
  return html`<section class="panel" data-testid="audit">
    <h2>Audit log</h2>
    ${entries.length === 0 && html`<p class="empty">Nothing recorded yet.</p>`}
    <table>
      <thead><tr><th>When</th><th>Who</th><th>Action</th><th>Target</th><th>Outcome</th></tr></thead>
      <tbody>
        ${entries.map(
          (e) => html`<tr data-testid="audit-row">
            <td title=${e.at}>${ago(e.at)}</td>
            <td>${e.actor} <span class="muted">(${e.role})</span></td>
            <td><code>${e.action}</code></td>
            <td>${e.target}</td>
            <td class=${e.outcome === 'ok' ? '' : 'warn'}>${e.outcome}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
