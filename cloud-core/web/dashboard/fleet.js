// The fleet table: what each edge runs and how it is doing; rows that drift from what they were
// assigned are highlighted with the reason.

import htm from 'htm';
import { h } from 'preact';
import { ago, dec, int, pct } from './format.js';

const html = htm.bind(h);

const labelText = (labels) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

export function FleetTable({ edges }) {
  const drifting = edges.filter((e) => e.drift.length > 0).length;
  return html`<section class="panel" data-testid="fleet">
    <h2>Fleet · ${edges.length} edges${drifting ? html` · <span class="warn">${drifting} drifting</span>` : ''}</h2>
    <table>
      <thead><tr>
        <th>Edge</th><th>Labels</th><th>Status</th><th>Version</th><th>Config</th>
        <th>Load</th><th>Last heartbeat</th><th>Events</th>
      </tr></thead>
      <tbody>
        ${edges.map(
          (e) => html`<tr data-testid="fleet-row" data-edge=${e.id} class=${e.drift.length ? 'drift' : ''}>
            <td><strong>${e.name}</strong><div class="muted">${e.id}</div></td>
            <td class="labels">${labelText(e.labels)}</td>
            <td><span class=${`status ${e.status}`} data-testid="edge-status">${e.status}</span></td>
            <td>${e.version || '—'}</td>
            <td data-testid="edge-config">
              ${e.configVersion || 'defaults'}
              ${e.drift.map((d) => html`<div class="drift-note" data-testid="drift">${d}</div>`)}
            </td>
            <td>${
              e.load
                ? html`${int(e.load.activeConversations)} active · ${int(e.load.waitingForAgent)} waiting
                    <div class="muted">AI slots ${pct(e.load.aiUtilization)} · load ${dec(e.load.cpu)}/core</div>`
                : '—'
            }</td>
            <td>${ago(e.lastHeartbeatAt)}</td>
            <td>${int(e.eventsReceived)}${e.outboxBacklog ? html`<div class="warn">${int(e.outboxBacklog)} queued</div>` : ''}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
