// Compliance alerts as they arrive (server-sent events), newest first; the text is tokenized.

import htm from 'htm';
import { h } from 'preact';
import { ago } from './format.js';

const html = htm.bind(h);

export function AlertsPanel({ alerts, live }) {
  return html`<section class="panel" data-testid="alerts">
    <h2>Compliance alerts <span class=${`live ${live ? 'on' : 'off'}`} title=${live ? 'live' : 'reconnecting'}>●</span></h2>
    ${alerts.length === 0 && html`<p class="empty">No alerts in this scope.</p>`}
    <ul class="alerts">
      ${alerts.map(
        (a) => html`<li data-testid="alert" class=${`sev-${a.severity}`}>
          <div class="row">
            <span class=${`badge sev-${a.severity}`}>${a.severity}</span>
            <strong>${a.ruleId}</strong>
            ${a.action === 'block' && html`<span class="badge blocked" data-testid="alert-blocked" title="The AI reply was stopped before the customer saw it">blocked</span>`}
            <span class="muted">${a.category} · ${a.side} · ${a.edgeId} · ${ago(a.occurredAt)}</span>
          </div>
          <div class="alert-text">${a.text}</div>
          ${a.conversationId && html`<div class="muted">conversation ${a.conversationId}</div>`}
        </li>`,
      )}
    </ul>
  </section>`;
}
