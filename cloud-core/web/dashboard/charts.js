// Chart.js (served by the core as its UMD build, so the page needs no bundler or CDN) behind one
// Preact component: the chart is made once per canvas and updated in place when data changes.

import htm from 'htm';
import { h } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

const html = htm.bind(h);
const Chart = globalThis.Chart;

export const palette = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777'];

if (Chart) {
  Chart.defaults.animation = false;
  Chart.defaults.font.family = 'system-ui, "WenQuanYi Micro Hei", sans-serif';
  Chart.defaults.maintainAspectRatio = false;
}

/** `series`: [{ label, data, kind?: 'line' | 'bar', axis?: 'y' | 'y1' }] over shared `labels`. */
export function TimeChart({ title, labels, series, percentAxis, testid }) {
  const canvas = useRef(null);
  const chart = useRef(null);
  useEffect(() => {
    if (!Chart || !canvas.current) return undefined;
    const datasets = series.map((s, i) => ({
      type: s.kind ?? 'line',
      label: s.label,
      data: s.data,
      yAxisID: s.axis ?? 'y',
      borderColor: palette[i % palette.length],
      backgroundColor: `${palette[i % palette.length]}55`,
      pointRadius: labels.length > 60 ? 0 : 2,
      spanGaps: true,
      tension: 0.2,
    }));
    const scales = {
      x: { ticks: { maxTicksLimit: 8 } },
      y: { beginAtZero: true, position: 'left', ...(percentAxis === 'y' ? percent : {}) },
    };
    if (series.some((s) => s.axis === 'y1'))
      scales.y1 = {
        beginAtZero: true,
        position: 'right',
        grid: { drawOnChartArea: false },
        ...(percentAxis === 'y1' ? percent : {}),
      };
    if (chart.current) {
      chart.current.data = { labels, datasets };
      chart.current.options.scales = scales;
      chart.current.update();
    } else {
      chart.current = new Chart(canvas.current, {
        data: { labels, datasets },
        options: {
          scales,
          interaction: { mode: 'index', intersect: false },
          plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
        },
      });
    }
    return undefined;
  }, [labels, series, percentAxis]);
  useEffect(() => () => chart.current?.destroy(), []);
  return html`<figure class="chart" data-testid=${testid}>
    <figcaption>${title}</figcaption>
    <div class="chart-box"><canvas ref=${canvas}></canvas></div>
  </figure>`;
}

const percent = {
  max: 1,
  ticks: { callback: (v) => `${Math.round(v * 100)}%` },
};

/** Horizontal bars as plain HTML: readable and testable, no canvas needed for a ranked list. */
export function Bars({ title, rows, testid, empty = 'Nothing yet.' }) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return html`<figure class="bars" data-testid=${testid}>
    <figcaption>${title}</figcaption>
    ${rows.length === 0 && html`<p class="empty">${empty}</p>`}
    ${rows.map(
      (r) => html`<div class="bar-row" data-testid=${`${testid}-row`}>
        <span class="bar-label" title=${r.label}>${r.label}</span>
        <span class="bar"><span style=${`width:${(100 * r.count) / max}%`}></span></span>
        <span class="bar-count">${r.count.toLocaleString('en-US')}</span>
      </div>`,
    )}
  </figure>`;
}
