// The Command-line flags page, filterable.

import { api } from '../api.js';
import { alertBox, h, loading, pageHeader, setSearchParams } from '../dom.js';

export const title = 'Command-line flags';

export async function mount(root) {
  const search = h('input', {
    type: 'search', class: 'input search', placeholder: 'Filter by flag name or value', 'aria-label': 'Filter flags',
    value: new URLSearchParams(location.search).get('search') || '', oninput: () => render(),
  });
  const body = h('div', null, loading());
  root.append(pageHeader(title, search), body);
  let flags;
  try {
    flags = (await api('status/flags')).data;
  } catch (e) {
    body.replaceChildren(alertBox('error', 'Error fetching flags:', e.message));
    return;
  }
  const names = Object.keys(flags).sort();
  render();

  function render() {
    setSearchParams([['search', search.value]]);
    const q = search.value.trim().toLowerCase();
    const shown = names.filter((n) => !q || n.toLowerCase().includes(q) || String(flags[n]).toLowerCase().includes(q));
    body.replaceChildren(shown.length === 0 ? h('div', { class: 'empty-result', text: 'No flags match.' })
      : h('table', { class: 'table flags-table' },
        h('thead', null, h('tr', null, h('th', { text: 'Flag' }), h('th', { text: 'Value' }))),
        h('tbody', null, shown.map((n) => h('tr', null, h('td', { class: 'mono', text: '--' + n }), h('td', { class: 'mono', text: String(flags[n]) }))))));
  }
}
