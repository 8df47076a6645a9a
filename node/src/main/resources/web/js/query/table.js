// The Table tab: an instant query's result as rows of series and values.

import { h, seriesNameNode } from '../dom.js';
import { formatTime } from '../format.js';

export const MAX_ROWS = 1000;

function histogramText(hist) {
  const count = hist.count;
  const sum = hist.sum;
  const buckets = (hist.buckets || []).map((b) => {
    const open = b[0] === 0 || b[0] === 2 ? '(' : '[';
    const close = b[0] === 0 || b[0] === 1 ? ']' : ')';
    return open + b[1] + ', ' + b[2] + close + ': ' + b[3];
  });
  return h('div', { class: 'histogram' }, h('div', null, 'count: ' + count + ', sum: ' + sum),
    buckets.length ? h('div', { class: 'muted small', text: buckets.join('  ') }) : null);
}

function sampleLines(values, histograms) {
  const lines = (values || []).map(([t, v]) => h('div', null, v + ' ', h('span', { class: 'muted', text: '@' + t })));
  (histograms || []).forEach(([t, hist]) => lines.push(h('div', null, histogramText(hist), h('span', { class: 'muted', text: '@' + t }))));
  return lines;
}

/** Renders `data` ({ resultType, result }) into a table element. */
export function renderTable(data) {
  const rows = [];
  const type = data.resultType;
  const result = data.result;
  if (type === 'scalar' || type === 'string') {
    rows.push([h('span', { class: 'muted', text: type }), h('span', { title: formatTime(result[0] * 1000), text: String(result[1]) })]);
  } else if (type === 'vector') {
    for (const s of result.slice(0, MAX_ROWS)) {
      const value = s.histogram ? histogramText(s.histogram[1]) : s.value[1];
      rows.push([seriesNameNode(s.metric), value]);
    }
  } else if (type === 'matrix') {
    for (const s of result.slice(0, MAX_ROWS)) rows.push([seriesNameNode(s.metric), sampleLines(s.values, s.histograms)]);
  }
  if (rows.length === 0) return h('div', { class: 'empty-result', text: 'Empty query result' });
  const total = Array.isArray(result) && type !== 'scalar' && type !== 'string' ? result.length : 1;
  return h('div', { class: 'result-table' },
    total > MAX_ROWS ? h('div', { class: 'alert warn', text: 'Showing the first ' + MAX_ROWS + ' of ' + total + ' series.' }) : null,
    h('table', { class: 'table data-table' },
      h('tbody', null, rows.map(([k, v]) => h('tr', null, h('td', { class: 'series-cell' }, k), h('td', { class: 'value-cell' }, v))))));
}
