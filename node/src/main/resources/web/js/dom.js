// Small DOM helpers shared by the pages: an element builder, label rendering and message boxes.

/**
 * Builds an element. props: attributes, except `class`, `text`, `on<event>` handlers, `dataset`
 * and `style` (an object) which are applied specially; children: nodes, strings, numbers, arrays;
 * null, undefined and false are skipped.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k === 'style') Object.assign(el.style, v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'value' || k === 'checked' || k === 'selected' || k === 'disabled') el[k] = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** A label value as PromQL writes it inside double quotes. */
export function quoteLabelValue(v) {
  return '"' + String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') + '"';
}

/** `name{a="1", b="2"}` as text (for legends, titles and filtering). */
export function seriesName(metric) {
  const name = metric.__name__ || '';
  const pairs = Object.keys(metric).filter((k) => k !== '__name__').sort()
    .map((k) => k + '=' + quoteLabelValue(metric[k]));
  if (pairs.length === 0) return name || '{}';
  return name + '{' + pairs.join(', ') + '}';
}

/** `name{a="1", b="2"}` as highlighted spans. */
export function seriesNameNode(metric) {
  const out = h('span', { class: 'series-name' });
  const name = metric.__name__;
  if (name) out.append(h('span', { class: 'metric-name', text: name }));
  const keys = Object.keys(metric).filter((k) => k !== '__name__').sort();
  if (keys.length === 0) {
    if (!name) out.append('{}');
    return out;
  }
  out.append('{');
  keys.forEach((k, i) => {
    if (i > 0) out.append(', ');
    out.append(h('span', { class: 'label-name', text: k }), '=', h('span', { class: 'label-value', text: quoteLabelValue(metric[k]) }));
  });
  out.append('}');
  return out;
}

/** Labels as a wrapping list of `name="value"` chips. */
export function labelChips(labels) {
  const keys = Object.keys(labels || {}).sort();
  if (keys.length === 0) return h('span', { class: 'muted', text: 'none' });
  return h('div', { class: 'chips' }, keys.map((k) => h('span', { class: 'chip', title: k + '=' + quoteLabelValue(labels[k]) },
    h('span', { class: 'label-name', text: k }), '=', h('span', { class: 'label-value', text: quoteLabelValue(labels[k]) }))));
}

/** A message box; kind is error, warn or info. */
export function alertBox(kind, title, message) {
  return h('div', { class: 'alert ' + kind, role: kind === 'error' ? 'alert' : 'status' },
    title ? h('strong', { text: title + ' ' }) : null, h('span', { class: 'alert-text', text: message }));
}

/** A two-column table of [name, value] rows; values may be nodes. */
export function definitionTable(rows, className) {
  return h('table', { class: 'table definitions ' + (className || '') },
    h('tbody', null, rows.map(([k, v]) => h('tr', null, h('th', { scope: 'row', text: k }), h('td', null, v)))));
}

/** A page heading with optional controls to its right. */
export function pageHeader(title, ...controls) {
  return h('div', { class: 'page-header' }, h('h1', { text: title }), controls.length ? h('div', { class: 'page-controls' }, controls) : null);
}

/** A placeholder shown while a page loads. */
export function loading(text) {
  return h('div', { class: 'loading', text: text || 'Loading…' });
}

/** Reads and writes a page's own query parameters without adding history entries. */
export function setSearchParams(entries) {
  const params = new URLSearchParams();
  for (const [k, v] of entries) if (v !== null && v !== undefined && v !== '') params.append(k, v);
  const qs = params.toString();
  const url = location.pathname + (qs ? '?' + qs : '') + location.hash;
  if (url !== location.pathname + location.search + location.hash) history.replaceState(null, '', url);
}
