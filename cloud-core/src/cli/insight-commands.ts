import { BranchlineError } from '@branchline/shared';
import type { InsightResult } from '../ops/index.js';
import type { ApiClient } from './api-client.js';
import { type Output, table } from './commands.js';
import { type ScopeOptions, scopeQuery } from './fleet-commands.js';

export interface InsightOptions extends ScopeOptions {
  product?: string;
  json: boolean;
  /** csv or json: write the export to `out` instead of printing the summary. */
  export?: string;
  out?: string;
}

type InsightResponse = InsightResult & { scope: string; from: string; to: string };

const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

/** The dashboard's buying-point view as text, or its export written to a file. */
export async function insight(api: ApiClient, io: Output, options: InsightOptions): Promise<void> {
  const query = new URLSearchParams(scopeQuery(options).slice(1));
  if (options.product) query.set('product', options.product);
  if (options.export !== undefined) {
    if (options.export !== 'csv' && options.export !== 'json')
      throw new BranchlineError('invalid_argument', '--export takes csv or json');
    if (!options.out) throw new BranchlineError('invalid_argument', '--export needs --out FILE');
    query.set('format', options.export);
    const bytes = await api.download(`/v1/insight/export?${query}`, options.out);
    io.out(`wrote ${options.out} (${bytes.toLocaleString('en-US')} bytes)`);
    return;
  }
  const text = query.toString();
  const result = await api.get<InsightResponse>(`/v1/insight${text ? `?${text}` : ''}`);
  if (options.json) return io.out(JSON.stringify(result, null, 2));
  const t = result.totals;
  io.out(
    `Buying points for ${result.scope}, ${result.from} to ${result.to}: ${t.objections} objections and ${t.reasons} reasons from ${t.conversations} conversations (${t.unsorted} not in a theme).`,
  );
  io.out(
    table([
      ['KIND', 'THEME', 'COUNT', 'SHARE', 'BY REGION', 'BY PRODUCT'],
      ...result.themes.map((th) => [
        th.kind,
        `${th.label.en} (${th.label.zh})`,
        String(th.count),
        pct(th.share),
        Object.entries(th.byRegion)
          .map(([k, n]) => `${k} ${n}`)
          .join(', '),
        Object.entries(th.byProduct)
          .map(([k, n]) => `${k} ${n}`)
          .join(', '),
      ]),
    ]),
  );
  for (const c of result.clusters)
    io.out(`emerging ${c.kind}: ${c.label} (${c.size}), e.g. "${c.examples[0] ?? ''}"`);
}
