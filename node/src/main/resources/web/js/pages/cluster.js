// The Cluster page: nodes, partitions per node, baseline, rebalance state and how scrape targets
// are spread, from /api/v1/status/cluster. A node without that endpoint (404) is shown as a
// single node from its build, runtime and TSDB status.

import { api } from '../api.js';
import { alertBox, definitionTable, h, loading, pageHeader } from '../dom.js';
import { formatCount, formatTime } from '../format.js';

export const title = 'Cluster';

const FIRST_COLUMNS = ['name', 'id', 'consistentId', 'node', 'address', 'zone', 'state', 'status', 'health'];

function label(key) {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function isScalar(v) {
  return v === null || typeof v !== 'object';
}

const STATE_CLASS = { up: 'up', active: 'up', ok: 'up', idle: 'up', done: 'up', down: 'down', failed: 'down', left: 'down',
  in_progress: 'partial', rebalancing: 'partial', running: 'partial', joining: 'partial', pending: 'partial' };

/** Any JSON value as nodes: scalars as text, arrays of objects as tables, objects as definition tables. */
export function renderValue(v, key) {
  if (v === null || v === undefined || v === '') return h('span', { class: 'muted', text: '—' });
  if (typeof v === 'boolean') return h('span', { text: v ? 'yes' : 'no' });
  if (typeof v === 'number') return h('span', { class: 'num', text: formatCount(v) });
  if (typeof v === 'string') {
    const cls = /state|status|health/i.test(key || '') ? STATE_CLASS[v.toLowerCase()] : null;
    return cls ? h('span', { class: 'badge ' + cls, text: v }) : h('span', { text: v });
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return h('span', { class: 'muted', text: 'none' });
    if (v.every(isScalar)) {
      const text = v.join(', ');
      return h('span', { title: text, text: v.length > 12 ? v.slice(0, 12).join(', ') + ', … (' + v.length + ')' : text });
    }
    return objectTable(v.filter((x) => x && typeof x === 'object'));
  }
  return definitionTable(Object.entries(v).map(([k, x]) => [label(k), renderValue(x, k)]));
}

function objectTable(rows) {
  const keys = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
  keys.sort((a, b) => {
    const ia = FIRST_COLUMNS.indexOf(a);
    const ib = FIRST_COLUMNS.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
  return h('table', { class: 'table' },
    h('thead', null, h('tr', null, keys.map((k) => h('th', { text: label(k) })))),
    h('tbody', null, rows.map((r) => h('tr', null, keys.map((k) => h('td', null, Array.isArray(r[k]) && r[k].every(isScalar) && r[k].length > 0
      ? h('span', { title: r[k].join(', '), text: formatCount(r[k].length) }) : renderValue(r[k], k)))))));
}

function section(heading, ...content) {
  return h('section', { class: 'card', dataset: { section: heading.toLowerCase() } }, h('h2', { text: heading }), content);
}

/** A bar per node of how many partitions (or targets) it holds; unit is [one, many]. */
function spread(entries, unit) {
  const max = entries.reduce((m, [, n]) => Math.max(m, n), 0) || 1;
  return h('table', { class: 'table spread' }, h('tbody', null, entries.map(([name, n]) => h('tr', null,
    h('td', { class: 'bar-cell' }, h('div', { class: 'bar', style: { width: (100 * n / max).toFixed(1) + '%' } }), h('span', { class: 'bar-text', text: name })),
    h('td', { class: 'num', text: formatCount(n) + ' ' + (n === 1 ? unit[0] : unit[1]) })))));
}

function nodeName(n) {
  return String(n.name ?? n.consistentId ?? n.id ?? n.node ?? n.address ?? '?');
}

function partitionCount(n) {
  for (const k of ['partitions', 'primaryPartitions', 'ownedPartitions']) {
    if (typeof n[k] === 'number') return n[k];
    if (Array.isArray(n[k])) return n[k].length;
  }
  return null;
}

function renderCluster(d) {
  const out = [];
  const scalars = Object.entries(d).filter(([, v]) => isScalar(v));
  if (scalars.length) out.push(h('div', { class: 'stats' }, scalars.map(([k, v]) => h('div', { class: 'stat' },
    h('div', { class: 'stat-value' }, renderValue(v, k)), h('div', { class: 'stat-label', text: label(k) })))));
  const nodes = Array.isArray(d.nodes) ? d.nodes : [];
  if (nodes.length) {
    out.push(section('Nodes', objectTable(nodes)));
    const parts = nodes.map((n) => [nodeName(n), partitionCount(n)]).filter(([, c]) => c !== null);
    if (parts.length) out.push(section('Partitions per node', spread(parts, ['partition', 'partitions'])));
    // --cluster.zone: the copies of a partition are kept in different zones; show how nodes are spread.
    const zones = new Map();
    for (const n of nodes) if (typeof n.zone === 'string' && n.zone !== '') zones.set(n.zone, (zones.get(n.zone) || 0) + 1);
    if (zones.size) out.push(section('Nodes per zone', spread([...zones.entries()].sort(), ['node', 'nodes'])));
  }
  for (const [k, v] of Object.entries(d)) {
    if (k === 'nodes' || isScalar(v)) continue;
    if (/target/i.test(k) && v && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'number')) {
      out.push(section(label(k), spread(Object.entries(v), ['target', 'targets'])));
    } else {
      out.push(section(label(k), renderValue(v, k)));
    }
  }
  return out;
}

async function renderSingleNode() {
  const calls = await Promise.allSettled([api('status/buildinfo'), api('status/runtimeinfo'), api('status/tsdb', { limit: 1 }),
    api('status/flags'), api('targets', { state: 'active' })]);
  const [build, runtime, tsdb, flags, targets] = calls.map((c) => (c.status === 'fulfilled' ? c.value.data : null));
  const f = flags || {};
  const name = f['cluster.node-name'] || 'this node';
  const partitions = f['cluster.partitions'] || '';
  const active = targets ? targets.activeTargets || [] : [];
  const up = active.filter((t) => t.health === 'up').length;
  const byPool = new Map();
  for (const t of active) byPool.set(t.scrapePool, (byPool.get(t.scrapePool) || 0) + 1);
  const failed = calls.filter((c) => c.status === 'rejected').map((c) => c.reason.message);
  return [
    alertBox('info', 'Single node.', 'This node does not serve /api/v1/status/cluster, so it is shown alone, from its build, runtime and TSDB status.'),
    failed.length ? alertBox('error', 'Some status calls failed:', failed.join('; ')) : null,
    section('Nodes', h('table', { class: 'table nodes-table' },
      h('thead', null, h('tr', null, ['Name', 'Address', 'State', 'Version', 'Started', 'Series', 'Partitions', 'Scrape targets'].map((c) => h('th', { text: c })))),
      h('tbody', null, h('tr', null,
        h('td', { class: 'mono', text: name }),
        h('td', { class: 'mono', text: location.host }),
        h('td', null, h('span', { class: 'badge up', text: 'up' })),
        h('td', { text: build ? build.version : '' }),
        h('td', { text: runtime ? formatTime(Date.parse(runtime.startTime)) : '' }),
        h('td', { class: 'num', text: tsdb ? formatCount(tsdb.headStats.numSeries) : '' }),
        h('td', { class: 'num', text: partitions ? 'all ' + partitions : 'all' }),
        h('td', { class: 'num', text: up + ' / ' + active.length + ' up' }))))),
    section('Baseline', definitionTable([['Nodes', name], ['Replication factor', f['cluster.replication-factor'] || '1'],
      ['Peers', f['cluster.peers'] || 'none']])),
    section('Rebalance', definitionTable([['State', h('span', { class: 'badge up', text: 'idle' })],
      ['Note', 'a single node owns every partition: there is nothing to move']])),
    section('Scrape targets', byPool.size ? spread([...byPool.entries()].sort(), ['target on ' + name, 'targets on ' + name]) : h('div', { class: 'empty-result', text: 'No active targets.' })),
  ];
}

export async function mount(root) {
  const body = h('div', { class: 'cluster' }, loading());
  root.append(pageHeader(title), body);
  try {
    const d = (await api('status/cluster')).data || {};
    body.replaceChildren(...renderCluster(d).filter(Boolean));
    body.dataset.mode = 'cluster';
  } catch (e) {
    if (e.status !== 404) {
      body.replaceChildren(alertBox('error', 'Error fetching cluster status:', e.message));
      return;
    }
    body.replaceChildren(...(await renderSingleNode()).filter(Boolean));
    body.dataset.mode = 'single';
  }
}
