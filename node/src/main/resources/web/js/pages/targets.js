// The Targets page: active targets by scrape pool, with health, labels, last scrape and error,
// filtered by health and a text search (both kept in the URL).

import { api } from '../api.js';
import { alertBox, h, labelChips, loading, pageHeader, quoteLabelValue, setSearchParams } from '../dom.js';
import { formatAgo, formatDurationMs, formatTime } from '../format.js';

export const title = 'Targets';

const HEALTH = ['up', 'down', 'unknown'];

function matches(t, words) {
  if (words.length === 0) return true;
  const hay = (t.scrapeUrl + ' ' + t.scrapePool + ' ' + Object.entries(t.labels).map(([k, v]) => k + '=' + quoteLabelValue(v)).join(' ') + ' ' +
    t.lastError).toLowerCase();
  return words.every((w) => hay.includes(w));
}

export async function mount(root) {
  const params = new URLSearchParams(location.search);
  const shown = new Set((params.get('health') || '').split(',').filter((x) => HEALTH.includes(x)));
  const search = h('input', {
    type: 'search', class: 'input search', placeholder: 'Filter by endpoint or labels', 'aria-label': 'Filter targets',
    value: params.get('search') || '', oninput: () => render(),
  });
  const healthButtons = HEALTH.map((state) => h('button', {
    type: 'button', class: 'btn small toggle-btn health-filter ' + state, text: state, 'aria-pressed': shown.has(state) ? 'true' : 'false',
    onclick: (e) => {
      if (shown.has(state)) shown.delete(state);
      else shown.add(state);
      e.target.setAttribute('aria-pressed', shown.has(state) ? 'true' : 'false');
      render();
    },
  }));
  const collapsed = new Set();
  const body = h('div', { class: 'pools' }, loading());
  root.append(pageHeader('Targets', h('div', { class: 'control-group', role: 'group', 'aria-label': 'Health' }, healthButtons),
    search, h('button', { type: 'button', class: 'btn small', text: 'Refresh', onclick: () => load() })), body);

  let targets = [];
  let pools = [];

  async function load() {
    try {
      const [t, p] = await Promise.all([api('targets', { state: 'active' }), api('scrape_pools')]);
      targets = t.data.activeTargets || [];
      pools = p.data.scrapePools || [];
      render();
    } catch (e) {
      body.replaceChildren(alertBox('error', 'Error fetching targets:', e.message));
    }
  }

  function render() {
    setSearchParams([['health', [...shown].join(',')], ['search', search.value]]);
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const byPool = new Map(pools.map((p) => [p, []]));
    for (const t of targets) {
      if (!byPool.has(t.scrapePool)) byPool.set(t.scrapePool, []);
      byPool.get(t.scrapePool).push(t);
    }
    const now = Date.now();
    const sections = [];
    for (const [pool, all] of [...byPool.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const visible = all.filter((t) => (shown.size === 0 || shown.has(t.health)) && matches(t, words));
      if (visible.length === 0 && (shown.size > 0 || words.length > 0)) continue;
      const up = all.filter((t) => t.health === 'up').length;
      const isCollapsed = collapsed.has(pool);
      const header = h('button', {
        type: 'button', class: 'pool-header', 'aria-expanded': isCollapsed ? 'false' : 'true',
        onclick: () => {
          if (collapsed.has(pool)) collapsed.delete(pool);
          else collapsed.add(pool);
          render();
        },
      }, h('span', { class: 'chevron', text: isCollapsed ? '▸' : '▾' }), h('span', { class: 'pool-name', text: pool }),
      h('span', { class: 'badge ' + (up === all.length ? 'up' : up === 0 ? 'down' : 'partial'), text: up + ' / ' + all.length + ' up' }));
      const rows = visible.map((t) => h('tr', { class: 'target', dataset: { health: t.health } },
        h('td', { class: 'endpoint' }, h('a', { href: t.scrapeUrl, target: '_blank', rel: 'noopener', text: t.scrapeUrl })),
        h('td', null, h('span', { class: 'badge ' + t.health, text: t.health.toUpperCase() })),
        h('td', null, labelChips(t.labels)),
        h('td', { title: formatTime(Date.parse(t.lastScrape)), text: formatAgo(t.lastScrape, now) }),
        h('td', { text: t.lastScrape.startsWith('0001') ? '' : formatDurationMs(t.lastScrapeDuration * 1000) }),
        h('td', { class: 'error-cell', text: t.lastError || '' })));
      sections.push(h('section', { class: 'pool', dataset: { pool } }, header, isCollapsed ? null : (rows.length
        ? h('table', { class: 'table' },
          h('thead', null, h('tr', null, ['Endpoint', 'State', 'Labels', 'Last scrape', 'Scrape duration', 'Error'].map((c) => h('th', { text: c })))),
          h('tbody', null, rows))
        : h('div', { class: 'empty-result', text: 'No targets in this pool.' }))));
    }
    body.replaceChildren(...(sections.length ? sections : [h('div', { class: 'empty-result', text: 'No targets match.' })]));
  }

  await load();
}
