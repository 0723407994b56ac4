// Number and time formats shared by the views; a missing figure is a dash, never a zero.

export const dash = '—';
export const int = (n) => (n === null || n === undefined ? dash : Math.round(n).toLocaleString('en-US'));
export const pct = (r) => (r === null || r === undefined ? dash : `${(r * 100).toFixed(1)}%`);
export const usd = (n) => (n === null || n === undefined ? dash : `$${n.toFixed(n < 10 ? 4 : 2)}`);
export const dec = (n, digits = 2) => (n === null || n === undefined ? dash : n.toFixed(digits));

export function duration(ms) {
  if (ms === null || ms === undefined) return dash;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function ago(iso, now = Date.now()) {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

export function bucketLabel(iso, bucket) {
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  const day = `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return bucket === 'day' ? day : `${day} ${pad(d.getHours())}:00`;
}
