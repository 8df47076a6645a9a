// The Alerts page: every alerting rule by group, counted and filtered by state (inactive, pending,
// firing, as Prometheus's UI does), each expandable to its definition and its active alerts.

import { api } from '../api.js';
import { alertBox, h, labelChips, loading, pageHeader, setSearchParams } from '../dom.js';
import { formatAgo, formatDurationMs, formatTime } from '../format.js';

export const title = 'Alerts';

const STATES = ['inactive', 'pending', 'firing'];

/** A rule's definition as the YAML a rule file would hold. */
export function ruleDefinition(rule) {
  const lines = [(rule.type === 'alerting' ? 'alert: ' : 'record: ') + rule.name, 'expr: ' + rule.query];
  if (rule.duration) lines.push('for: ' + formatDurationMs(rule.duration * 1000));
  if (rule.keepFiringFor) lines.push('keep_firing_for: ' + formatDurationMs(rule.keepFiringFor * 1000));
  for (const [key, map] of [['labels', rule.labels], ['annotations', rule.annotations]]) {
    const keys = Object.keys(map || {}).sort();
    if (keys.length === 0) continue;
    lines.push(key + ':');
    for (const k of keys) lines.push('  ' + k + ': ' + JSON.stringify(map[k]));
  }
  return h('pre', { class: 'code rule-definition', text: lines.join('\n') });
}

function annotationsList(annotations) {
  const keys = Object.keys(annotations || {}).sort();
  if (keys.length === 0) return null;
  return h('dl', { class: 'annotations' }, keys.map((k) => [h('dt', { text: k }), h('dd', { text: annotations[k] })]));
}

function alertsTable(alerts, now) {
  return h('table', { class: 'table active-alerts' },
    h('thead', null, h('tr', null, ['Labels', 'State', 'Active since', 'Value'].map((c) => h('th', { text: c })))),
    h('tbody', null, alerts.map((a) => [
      h('tr', { class: 'active-alert', dataset: { state: a.state } },
        h('td', null, labelChips(a.labels), annotationsList(a.annotations)),
        h('td', null, h('span', { class: 'badge ' + a.state, text: a.state.toUpperCase() })),
        h('td', { title: formatTime(Date.parse(a.activeAt)), text: formatTime(Date.parse(a.activeAt)) + ' (' + formatAgo(a.activeAt, now) + ')' }),
        h('td', { class: 'mono', text: a.value })),
    ])));
}

export async function mount(root) {
  const params = new URLSearchParams(location.search);
  const hidden = new Set((params.get('hide') || '').split(',').filter((x) => STATES.includes(x)));
  const search = h('input', {
    type: 'search', class: 'input search', placeholder: 'Filter by name or labels', 'aria-label': 'Filter alerts',
    value: params.get('search') || '', oninput: () => render(),
  });
  const counts = h('div', { class: 'control-group', role: 'group', 'aria-label': 'States' });
  const expanded = new Set();
  const body = h('div', { class: 'pools' }, loading());
  root.append(pageHeader('Alerts', counts, search, h('button', { type: 'button', class: 'btn small', text: 'Refresh', onclick: () => load() })), body);

  let groups = [];

  async function load() {
    try {
      groups = (await api('rules', { type: 'alert' })).data.groups || [];
      render();
    } catch (e) {
      body.replaceChildren(alertBox('error', 'Error fetching alerting rules:', e.message));
    }
  }

  function render() {
    setSearchParams([['hide', [...hidden].join(',')], ['search', search.value]]);
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const total = { inactive: 0, pending: 0, firing: 0 };
    for (const g of groups) for (const r of g.rules) total[r.state] = (total[r.state] || 0) + 1;
    counts.replaceChildren(...STATES.map((state) => h('button', {
      type: 'button', class: 'btn small toggle-btn state-filter ' + state, 'aria-pressed': hidden.has(state) ? 'false' : 'true',
      dataset: { state }, text: state.charAt(0).toUpperCase() + state.slice(1) + ' (' + total[state] + ')',
      onclick: () => {
        if (hidden.has(state)) hidden.delete(state);
        else hidden.add(state);
        render();
      },
    })));
    const now = Date.now();
    const sections = [];
    for (const g of groups) {
      const rules = g.rules.filter((r) => !hidden.has(r.state) && words.every((w) => (r.name + ' ' + JSON.stringify(r.labels || {}) + ' '
        + (r.alerts || []).map((a) => JSON.stringify(a.labels)).join(' ')).toLowerCase().includes(w)));
      if (rules.length === 0) continue;
      const items = rules.map((r) => {
        const key = g.file + ';' + g.name + ';' + r.name + ';' + r.query;
        const open = expanded.has(key);
        const active = r.alerts || [];
        const header = h('button', {
          type: 'button', class: 'rule-header ' + r.state, 'aria-expanded': open ? 'true' : 'false',
          onclick: () => {
            if (expanded.has(key)) expanded.delete(key);
            else expanded.add(key);
            render();
          },
        }, h('span', { class: 'chevron', text: open ? '▾' : '▸' }), h('span', { class: 'rule-name', text: r.name }),
        h('span', { class: 'badge ' + r.state, text: r.state.toUpperCase() }),
        active.length ? h('span', { class: 'muted', text: active.length + ' active' }) : null);
        return h('div', { class: 'alert-rule', dataset: { state: r.state, name: r.name } }, header, open ? h('div', { class: 'rule-body' },
          ruleDefinition(r), active.length ? alertsTable(active, now) : h('div', { class: 'empty-result', text: 'No active alerts.' })) : null);
      });
      sections.push(h('section', { class: 'pool rule-group', dataset: { group: g.name } },
        h('div', { class: 'pool-header static' }, h('span', { class: 'pool-name', text: g.name }), h('span', { class: 'muted', text: g.file })),
        h('div', { class: 'rule-list' }, items)));
    }
    const none = groups.length === 0 ? 'No alerting rules.' : 'No alerting rules match.';
    body.replaceChildren(...(sections.length ? sections : [h('div', { class: 'empty-result', text: none })]));
  }

  await load();
}
