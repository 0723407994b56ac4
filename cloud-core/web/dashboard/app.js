// The central ops dashboard: Preact + htm as plain ES modules and Chart.js, all served by the core
// itself. Figures come from the core's read model (rebuilt from the events stream); live changes
// arrive on one EventSource and trigger a re-read, with a slow poll as the safety net.

import htm from 'htm';
import { h, render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { AlertsPanel } from './alerts.js';
import { get, post } from './api.js';
import { AuditPanel } from './audit.js';
import { FleetTable } from './fleet.js';
import { int } from './format.js';
import { InsightPanel } from './insight.js';
import { KpiPanel, ScopeBar, scopesOf } from './kpis.js';
import { RolloutsPanel } from './rollouts.js';
import { SignIn, useSignedIn } from './sign-in.js';

const html = htm.bind(h);
const rank = { viewer: 0, agent: 1, operator: 2, admin: 3 };

/** Calls `load` now, every `ms`, and whenever `trigger` changes; keeps the last good result. */
function usePolled(load, ms, trigger) {
  const [value, setValue] = useState(null);
  const [error, setError] = useState('');
  const refresh = useCallback(async () => {
    try {
      setValue(await load());
      setError('');
    } catch (e) {
      setError(e.message);
    }
  }, [load]);
  useEffect(() => {
    void refresh();
    const timer = setInterval(refresh, ms);
    return () => clearInterval(timer);
  }, [refresh, ms, trigger]);
  return [value, error, refresh];
}

function Dashboard({ me, onSignedOut }) {
  const [scope, setScope] = useState('');
  const [hours, setHours] = useState(24);
  const [product, setProduct] = useState('');
  const [tick, setTick] = useState(0);
  const [live, setLive] = useState(false);
  const [alerts, setAlerts] = useState([]);
  const [status, setStatus] = useState(null);
  const canOperate = rank[me.operator.role] >= rank.operator;

  const [fleet, fleetError] = usePolled(
    useCallback(() => get('/v1/fleet/edges'), []),
    5000,
  );
  const [kpis, kpiError] = usePolled(
    useCallback(() => get(`/v1/ops/kpis?hours=${hours}${scope ? `&${scope}` : ''}`), [scope, hours]),
    15_000,
    tick,
  );
  const scopeQuery = `hours=${hours}${scope ? `&${scope}` : ''}${product ? `&product=${product}` : ''}`;
  const [insight, insightError] = usePolled(
    useCallback(() => get(`/v1/insight?${scopeQuery}`), [scopeQuery]),
    30_000,
    tick,
  );
  const [taxonomy] = usePolled(
    useCallback(() => get('/v1/insight/taxonomy'), []),
    600_000,
  );
  const [rollouts, , refreshRollouts] = usePolled(
    useCallback(() => get('/v1/config/rollouts'), []),
    3000,
  );
  const [audit] = usePolled(
    useCallback(
      () => (canOperate ? get('/v1/audit?limit=15') : Promise.resolve({ entries: [] })),
      [canOperate],
    ),
    5000,
  );

  // Alerts of the scope: read once, then pushed live.
  useEffect(() => {
    setAlerts([]);
    get(`/v1/ops/alerts?limit=50${scope ? `&${scope}` : ''}`)
      // Merged, not replaced: an alert pushed live while this read was on its way stays.
      .then((r) =>
        setAlerts((live) =>
          [...live, ...r.alerts.filter((a) => !live.some((l) => l.id === a.id))]
            .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))
            .slice(0, 50),
        ),
      )
      .catch(() => undefined);
  }, [scope]);
  useEffect(() => {
    // The server filters alerts to the scope, so a new scope opens a new stream.
    const source = new EventSource(`/v1/ops/events${scope ? `?${scope}` : ''}`);
    let pending = false;
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    source.addEventListener('alert', (event) => {
      const alert = JSON.parse(event.data);
      setAlerts((list) => [alert, ...list.filter((a) => a.id !== alert.id)].slice(0, 50));
    });
    source.addEventListener('applied', (event) => {
      setStatus(JSON.parse(event.data));
      // Figures are re-read at most once a second however fast events arrive.
      if (pending) return;
      pending = true;
      setTimeout(() => {
        pending = false;
        setTick((t) => t + 1);
      }, 1000);
    });
    return () => source.close();
  }, [scope]);

  const signOut = async () => {
    await post('/v1/auth/sign-out').catch(() => undefined);
    onSignedOut();
  };
  const edges = fleet?.edges ?? [];
  const scopes = scopesOf(edges);
  const scopeLabel = scopes.find((s) => s.value === scope)?.label ?? 'Whole fleet';
  return html`<div class="layout">
    <header>
      <h1>Branchline · Fleet operations</h1>
      <${ScopeBar} scopes=${scopes} scope=${scope} hours=${hours} onScope=${setScope} onHours=${setHours} />
      <div class="me" data-testid="me">
        ${me.operator.displayName} <span class="badge">${me.operator.role}</span>
        ${rank[me.operator.role] >= rank.agent && html`<a href="/overflow" data-testid="overflow-link">Overflow console</a>`}
        <button class="link" onClick=${signOut} data-testid="sign-out">Sign out</button>
      </div>
    </header>
    ${(fleetError || kpiError) && html`<p class="error" role="alert">${fleetError || kpiError}</p>`}
    <main>
      <${KpiPanel} kpis=${kpis && { ...kpis, scopeLabel }} />
      <div class="columns">
        <${AlertsPanel} alerts=${alerts} live=${live} />
        <${RolloutsPanel} rollouts=${rollouts?.rollouts ?? []} canOperate=${canOperate} onChanged=${refreshRollouts} />
      </div>
      <${InsightPanel}
        insight=${insight}
        taxonomy=${taxonomy}
        product=${product}
        onProduct=${setProduct}
        exportQuery=${scopeQuery}
        error=${insightError}
      />
      <${FleetTable} edges=${edges} />
      ${canOperate && html`<${AuditPanel} entries=${audit?.entries ?? []} />`}
    </main>
    <footer class="muted" data-testid="read-model-status">
      ${
        status
          ? html`Read model: ${int(status.eventsApplied)} events applied, stream position ${int(status.lastSeq)}`
          : 'Read model: waiting for the first update'
      }
    </footer>
  </div>`;
}

function App() {
  const [me, setMe] = useSignedIn();
  if (me === undefined) return html`<p class="loading">Loading…</p>`;
  if (me === null) return html`<${SignIn} title="Branchline · Fleet operations" onSignedIn=${setMe} />`;
  return html`<${Dashboard} me=${me} onSignedOut=${() => setMe(null)} />`;
}

render(html`<${App} />`, document.getElementById('app'));
