// Buying-point insight: the reasons customers give and the objections they raise, mined by the
// core from tokenized turns. Ranked themes, their trend, where (region) and for what (product),
// clusters of what no theme names yet, and the export marketing takes away.

import htm from 'htm';
import { h } from 'preact';
import { useMemo } from 'preact/hooks';
import { Bars, TimeChart } from './charts.js';
import { bucketLabel, int, pct } from './format.js';

const html = htm.bind(h);
const topThemes = 6;
const themeName = (t) => `${t.label.zh} · ${t.label.en}`;

/** More objections is bad news and more reasons good: the colour says which. */
function change(c, kind) {
  if (c === null || c === undefined) return html`<span class="muted">new</span>`;
  const arrow = c > 0.05 ? '▲' : c < -0.05 ? '▼' : '▶';
  const worse = kind === 'objection' ? c > 0.05 : c < -0.05;
  const better = kind === 'objection' ? c < -0.05 : c > 0.05;
  return html`<span class=${worse ? 'worse' : better ? 'better' : 'muted'}>${arrow} ${pct(Math.abs(c))}</span>`;
}

/** Rows: regions or products; columns: the top themes; cells: mentions. */
function CrossTable({ title, rows, themes, keyOf, nameOf, testid }) {
  return html`<figure class="cross" data-testid=${testid}>
    <figcaption>${title}</figcaption>
    <table>
      <thead>
        <tr>
          <th></th>
          ${themes.map((t) => html`<th title=${t.kind}>${t.label.zh}<br /><span class="muted">${t.kind === 'reason' ? '+' : '−'} ${t.label.en}</span></th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) => html`<tr data-testid=${`${testid}-row`}>
            <th>${nameOf(row)}</th>
            ${themes.map((t) => {
              const n = (keyOf === 'region' ? t.byRegion : t.byProduct)[row[keyOf]] ?? 0;
              return html`<td class=${n ? '' : 'muted'}>${n ? int(n) : '·'}</td>`;
            })}
          </tr>`,
        )}
      </tbody>
    </table>
  </figure>`;
}

export function InsightPanel({ insight, taxonomy, product, onProduct, exportQuery, error }) {
  const labels = useMemo(() => insight?.buckets.map((b) => bucketLabel(b, insight.bucket)) ?? [], [insight]);
  const objections = insight?.themes.filter((t) => t.kind === 'objection') ?? [];
  const reasons = insight?.themes.filter((t) => t.kind === 'reason') ?? [];
  const series = useMemo(
    () => objections.slice(0, 4).map((t) => ({ label: t.label.zh, data: t.series })),
    [insight],
  );
  const crossThemes = insight?.themes.slice(0, topThemes) ?? [];
  const productName = (id) => {
    const p = insight?.products.find((x) => x.id === id);
    return p ? `${p.label.zh} · ${p.label.en}` : id;
  };
  const bars = (list) =>
    list.slice(0, 8).map((t) => ({ label: `${themeName(t)} (${pct(t.share)})`, count: t.count }));
  return html`<section class="panel insight" data-testid="insight-panel">
    <div class="panel-head">
      <h2>Buying points</h2>
      <label>
        Product
        <select value=${product} onChange=${(e) => onProduct(e.currentTarget.value)} data-testid="insight-product">
          <option value="">All products</option>
          ${(taxonomy?.products ?? []).map((p) => html`<option value=${p.id}>${p.label.zh} · ${p.label.en}</option>`)}
          <option value="none">No product named</option>
        </select>
      </label>
      <span class="export">
        Export
        <a href=${`/v1/insight/export?format=csv&${exportQuery}`} data-testid="insight-export-csv" download>CSV</a>
        <a href=${`/v1/insight/export?format=json&${exportQuery}`} data-testid="insight-export-json" download>JSON</a>
      </span>
    </div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${
      insight &&
      html`<p class="muted" data-testid="insight-totals">
        ${`${int(insight.totals.objections)} objections and ${int(insight.totals.reasons)} reasons from ${int(insight.totals.conversations)} conversations; ${int(insight.totals.unsorted)} not yet in a theme.`}
      </p>`
    }
    <div class="columns">
      <${Bars} testid="insight-objections" title="What holds customers back" rows=${bars(objections)} empty="No objections in this scope." />
      <${Bars} testid="insight-reasons" title="Why customers buy" rows=${bars(reasons)} empty="No reasons in this scope." />
    </div>
    <div class="columns">
      <${TimeChart} testid="insight-trend" title="Top objections over time" labels=${labels} series=${series} />
      <figure class="trend-list" data-testid="insight-changes">
        <figcaption>Change, second half of the range against the first</figcaption>
        <ul>
          ${insight?.themes
            .slice(0, 8)
            .map(
              (t) =>
                html`<li><span>${t.kind === 'reason' ? '+' : '−'} ${themeName(t)}</span> ${change(t.change, t.kind)}</li>`,
            )}
        </ul>
      </figure>
    </div>
    <div class="columns">
      <${CrossTable}
        testid="insight-regions"
        title="By region"
        rows=${insight?.regions ?? []}
        themes=${crossThemes}
        keyOf="region"
        nameOf=${(r) => r.region}
      />
      <${CrossTable}
        testid="insight-products"
        title="By product"
        rows=${insight?.products ?? []}
        themes=${crossThemes}
        keyOf="id"
        nameOf=${(p) => productName(p.id)}
      />
    </div>
    <figure class="quotes" data-testid="insight-quotes">
      <figcaption>In customers' words (tokenized: personal data never leaves the branch)</figcaption>
      <ul>
        ${[...objections.slice(0, 3), ...reasons.slice(0, 2)].map(
          (t) => html`<li>
            <strong>${t.kind === 'reason' ? '+' : '−'} ${themeName(t)}</strong>
            <div class="muted">${t.examples.slice(0, 2).map((e) => html`<q>${e}</q> `)}</div>
          </li>`,
        )}
      </ul>
    </figure>
    <figure class="clusters" data-testid="insight-clusters">
      <figcaption>Emerging: what customers say that no theme names yet</figcaption>
      ${(insight?.clusters ?? []).length === 0 && html`<p class="empty">No recurring unsorted reasons or objections.</p>`}
      <ul>
        ${(insight?.clusters ?? []).map(
          (c) => html`<li data-testid="insight-cluster">
            <strong>${c.kind === 'reason' ? '+' : '−'} ${c.label}</strong> <span class="badge">${c.size}</span>
            <div class="muted">${c.examples.map((e) => html`<q>${e}</q> `)}</div>
          </li>`,
        )}
      </ul>
    </figure>
  </section>`;
}
