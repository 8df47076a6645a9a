// The Rules page: each rule group with its last evaluation and evaluation time, and each rule's
// definition, health, last error, last evaluation and evaluation time.

import { api } from '../api.js';
import { alertBox, h, loading, pageHeader, setSearchParams } from '../dom.js';
import { formatAgo, formatDurationMs, formatTime } from '../format.js';
import { ruleDefinition } from './alerts.js';

export const title = 'Rules';

const HEALTH = ['ok', 'err', 'unknown'];

function evaluated(iso, seconds, now) {
  const ago = formatAgo(iso, now);
  if (ago === 'never') return h('span', { class: 'muted', text: 'never' });
  return h('span', { title: formatTime(Date.parse(iso)), text: ago + ', took ' + formatDurationMs(seconds * 1000) });
}

export async function mount(root) {
  const params = new URLSearchParams(location.search);
  const search = h('input', {
    type: 'search', class: 'input search', placeholder: 'Filter by name, expression or group', 'aria-label': 'Filter rules',
    value: params.get('search') || '', oninput: () => render(),
  });
  const body = h('div', { class: 'pools' }, loading());
  root.append(pageHeader('Rules', search, h('button', { type: 'button', class: 'btn small', text: 'Refresh', onclick: () => load() })), body);

  let groups = [];

  async function load() {
    try {
      groups = (await api('rules', { exclude_alerts: 'true' })).data.groups || [];
      render();
    } catch (e) {
      body.replaceChildren(alertBox('error', 'Error fetching rules:', e.message));
    }
  }

  function render() {
    setSearchParams([['search', search.value]]);
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const now = Date.now();
    const sections = [];
    for (const g of groups) {
      const rules = g.rules.filter((r) => words.every((w) => (g.name + ' ' + r.name + ' ' + r.query).toLowerCase().includes(w)));
      if (rules.length === 0 && words.length > 0) continue;
      const bad = g.rules.filter((r) => r.health === 'err').length;
      const rows = rules.map((r) => h('tr', { class: 'rule', dataset: { health: r.health, type: r.type } },
        h('td', { class: 'rule-cell' }, ruleDefinition(r)),
        h('td', null, h('span', { class: 'badge ' + (HEALTH.includes(r.health) ? r.health : 'unknown'), text: r.health.toUpperCase() })),
        h('td', { class: 'error-cell', text: r.lastError || '' }),
        h('td', null, evaluated(r.lastEvaluation, r.evaluationTime, now))));
      sections.push(h('section', { class: 'pool rule-group', dataset: { group: g.name } },
        h('div', { class: 'pool-header static' }, h('span', { class: 'pool-name', text: g.name }),
          h('span', { class: 'muted', text: g.file }),
          h('span', { class: 'badge ' + (bad ? 'err' : 'ok'), text: bad ? bad + ' / ' + g.rules.length + ' failing' : g.rules.length + ' ok' }),
          h('span', { class: 'group-meta muted' }, 'every ' + formatDurationMs(g.interval * 1000) + ' · last evaluation ',
            evaluated(g.lastEvaluation, g.evaluationTime, now))),
        rows.length ? h('table', { class: 'table rules-table' },
          h('thead', null, h('tr', null, ['Rule', 'Health', 'Error', 'Last evaluation'].map((c) => h('th', { text: c })))),
          h('tbody', null, rows)) : h('div', { class: 'empty-result', text: 'No rules in this group.' })));
    }
    const none = groups.length === 0 ? 'No rule groups are configured.' : 'No rules match.';
    body.replaceChildren(...(sections.length ? sections : [h('div', { class: 'empty-result', text: none })]));
  }

  await load();
}
