// The TSDB status page: head statistics and the cardinality top lists.

import { api } from '../api.js';
import { alertBox, h, loading, pageHeader, setSearchParams } from '../dom.js';
import { formatBytes, formatCount, formatTime } from '../format.js';

export const title = 'TSDB status';

const LISTS = [
  ['seriesCountByMetricName', 'Top metric names by series count', 'Name', 'Series', formatCount],
  ['labelValueCountByLabelName', 'Top label names by value count', 'Name', 'Values', formatCount],
  ['memoryInBytesByLabelName', 'Top label names by memory used', 'Name', 'Bytes', formatBytes],
  ['seriesCountByLabelValuePair', 'Top label pairs by series count', 'Pair', 'Series', formatCount],
];

function stat(label, value) {
  return h('div', { class: 'stat' }, h('div', { class: 'stat-value', text: value }), h('div', { class: 'stat-label', text: label }));
}

function timeOrDash(ms) {
  return ms ? formatTime(ms) : '—';
}

export async function mount(root) {
  const params = new URLSearchParams(location.search);
  const limit = h('select', { class: 'input', 'aria-label': 'Entries per list', onchange: () => load() },
    [10, 20, 50, 100].map((n) => h('option', { value: String(n), text: 'Top ' + n, selected: String(n) === (params.get('limit') || '10') })));
  const body = h('div', null, loading());
  root.append(pageHeader(title, limit), body);

  async function load() {
    setSearchParams([['limit', limit.value === '10' ? '' : limit.value]]);
    let d;
    try {
      d = (await api('status/tsdb', { limit: limit.value })).data;
    } catch (e) {
      body.replaceChildren(alertBox('error', 'Error fetching TSDB status:', e.message));
      return;
    }
    const hs = d.headStats || {};
    const lists = LISTS.filter(([key]) => Array.isArray(d[key])).map(([key, heading, nameCol, valueCol, fmt]) => {
      const rows = d[key];
      const max = rows.reduce((m, r) => Math.max(m, r.value), 0) || 1;
      return h('section', { class: 'card stat-list', dataset: { list: key } }, h('h2', { text: heading }),
        rows.length === 0 ? h('div', { class: 'empty-result', text: 'No data.' }) : h('table', { class: 'table' },
          h('thead', null, h('tr', null, h('th', { text: nameCol }), h('th', { class: 'num', text: valueCol }))),
          h('tbody', null, rows.map((r) => h('tr', null,
            h('td', { class: 'bar-cell' }, h('div', { class: 'bar', style: { width: (100 * r.value / max).toFixed(1) + '%' } }),
              h('span', { class: 'bar-text', text: r.name })),
            h('td', { class: 'num', text: fmt(r.value) }))))));
    });
    body.replaceChildren(
      h('section', { class: 'card head-stats' }, h('h2', { text: 'Head statistics' }),
        h('div', { class: 'stats' },
          stat('Series', formatCount(hs.numSeries)), stat('Label pairs', formatCount(hs.numLabelPairs)),
          stat('Chunks', formatCount(hs.chunkCount)), stat('Lowest timestamp', timeOrDash(hs.minTime)),
          stat('Highest timestamp', timeOrDash(hs.maxTime)))),
      h('div', { class: 'grid-2' }, lists));
  }

  await load();
}
