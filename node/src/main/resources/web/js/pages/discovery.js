// The Service Discovery page: each target's discovered labels beside the labels after relabelling,
// and the targets relabelling dropped.

import { api } from '../api.js';
import { alertBox, h, labelChips, loading, pageHeader, quoteLabelValue, setSearchParams } from '../dom.js';

export const title = 'Service discovery';

function text(labels) {
  return Object.entries(labels || {}).map(([k, v]) => k + '=' + quoteLabelValue(v)).join(' ').toLowerCase();
}

export async function mount(root) {
  const params = new URLSearchParams(location.search);
  const search = h('input', {
    type: 'search', class: 'input search', placeholder: 'Filter by labels', 'aria-label': 'Filter targets',
    value: params.get('search') || '', oninput: () => render(),
  });
  const show = h('select', { class: 'input', 'aria-label': 'Show', onchange: () => render() },
    ['all', 'active', 'dropped'].map((v) => h('option', { value: v, text: v === 'all' ? 'All targets' : v === 'active' ? 'Active' : 'Dropped',
      selected: (params.get('show') || 'all') === v })));
  const body = h('div', { class: 'pools' }, loading());
  root.append(pageHeader('Service discovery', show, search), body);

  let data;
  try {
    data = (await api('targets')).data;
  } catch (e) {
    body.replaceChildren(alertBox('error', 'Error fetching targets:', e.message));
    return;
  }
  render();

  function render() {
    setSearchParams([['show', show.value === 'all' ? '' : show.value], ['search', search.value]]);
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const pools = new Map();
    const pool = (name) => {
      if (!pools.has(name)) pools.set(name, { active: [], dropped: [] });
      return pools.get(name);
    };
    (data.activeTargets || []).forEach((t) => pool(t.scrapePool).active.push(t));
    (data.droppedTargets || []).forEach((t) => pool(t.scrapePool).dropped.push(t));
    Object.keys(data.droppedTargetCounts || {}).forEach((p) => pool(p));
    const sections = [];
    for (const [name, p] of [...pools.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const dropped = (data.droppedTargetCounts || {})[name] ?? p.dropped.length;
      const rows = [];
      const keep = (t) => words.every((w) => (text(t.discoveredLabels) + ' ' + text(t.labels)).includes(w));
      if (show.value !== 'dropped') {
        for (const t of p.active.filter(keep)) {
          rows.push(h('tr', { class: 'sd-active' }, h('td', null, labelChips(t.discoveredLabels)), h('td', null, labelChips(t.labels))));
        }
      }
      if (show.value !== 'active') {
        for (const t of p.dropped.filter(keep)) {
          rows.push(h('tr', { class: 'sd-dropped' }, h('td', null, labelChips(t.discoveredLabels)),
            h('td', null, h('span', { class: 'badge dropped', text: 'Dropped' }))));
        }
      }
      if (rows.length === 0 && words.length > 0) continue;
      sections.push(h('section', { class: 'pool', dataset: { pool: name } },
        h('div', { class: 'pool-header static' }, h('span', { class: 'pool-name', text: name }),
          h('span', { class: 'muted', text: p.active.length + ' / ' + (p.active.length + dropped) + ' active targets' })),
        rows.length ? h('table', { class: 'table sd-table' },
          h('thead', null, h('tr', null, h('th', { text: 'Discovered labels' }), h('th', { text: 'Target labels' }))),
          h('tbody', null, rows)) : h('div', { class: 'empty-result', text: 'No targets.' })));
    }
    body.replaceChildren(...(sections.length ? sections : [h('div', { class: 'empty-result', text: 'No targets match.' })]));
  }
}
