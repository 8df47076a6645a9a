// The query page's state in the URL, in Prometheus's parameter names: g0.expr, g0.tab,
// g0.range_input, g0.end_input, g0.moment_input, g0.step_input, g0.stacked; one group per panel.

import { formatDuration, parseDuration } from './time.js';

export const DEFAULT_RANGE_MS = 3600000;

/** A fresh panel's state. */
export function emptyPanel() {
  return { expr: '', tab: 'table', range: DEFAULT_RANGE_MS, end: null, moment: null, step: null, stacked: false };
}

function parseTime(v) {
  if (!v) return null;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(parseFloat(v) * 1000);
  const t = Date.parse(v.includes('T') || v.endsWith('Z') ? v : v.replace(' ', 'T') + 'Z');
  return Number.isFinite(t) ? t : null;
}

/** The panels a query string describes (at least one). Accepts Prometheus 2's numeric tabs (0 graph, 1 table). */
export function decodePanels(search) {
  const params = new URLSearchParams(search);
  const byIndex = new Map();
  for (const [key, value] of params) {
    const m = /^g(\d+)\.(\w+)$/.exec(key);
    if (!m) continue;
    const i = parseInt(m[1], 10);
    if (!byIndex.has(i)) byIndex.set(i, {});
    byIndex.get(i)[m[2]] = value;
  }
  const panels = [...byIndex.keys()].sort((a, b) => a - b).map((i) => {
    const p = byIndex.get(i);
    const s = emptyPanel();
    s.expr = p.expr || '';
    s.tab = p.tab === 'graph' || p.tab === '0' ? 'graph' : 'table';
    s.range = parseDuration(p.range_input) || DEFAULT_RANGE_MS;
    s.end = parseTime(p.end_input);
    s.moment = parseTime(p.moment_input);
    const step = parseFloat(p.step_input);
    s.step = Number.isFinite(step) && step > 0 ? step : null;
    s.stacked = p.stacked === '1' || p.stacked === 'true' || p.display_mode === 'stacked';
    return s;
  });
  return panels.length ? panels : [emptyPanel()];
}

/** The query string for panels; values at their defaults are left out. */
export function encodePanels(panels) {
  const params = new URLSearchParams();
  panels.forEach((s, i) => {
    const g = 'g' + i + '.';
    params.set(g + 'expr', s.expr);
    params.set(g + 'tab', s.tab);
    if (s.tab === 'graph' || s.range !== DEFAULT_RANGE_MS) params.set(g + 'range_input', formatDuration(s.range));
    if (s.end !== null) params.set(g + 'end_input', new Date(s.end).toISOString());
    if (s.moment !== null) params.set(g + 'moment_input', new Date(s.moment).toISOString());
    if (s.step !== null) params.set(g + 'step_input', String(s.step));
    if (s.stacked) params.set(g + 'stacked', '1');
  });
  return params.toString();
}
