// The Status page: runtime and build information.

import { api } from '../api.js';
import { alertBox, definitionTable, h, loading, pageHeader } from '../dom.js';
import { formatBytes, formatTime } from '../format.js';

export const title = 'Runtime & build information';

const RUNTIME = [
  ['startTime', 'Start time', (v) => formatTime(Date.parse(v))],
  ['CWD', 'Working directory'],
  ['reloadConfigSuccess', 'Configuration reload', (v) => h('span', { class: 'badge ' + (v ? 'up' : 'down'), text: v ? 'Successful' : 'Failed' })],
  ['lastConfigTime', 'Last successful configuration reload', (v) => formatTime(Date.parse(v))],
  ['corruptionCount', 'WAL corruptions'],
  ['goroutineCount', 'Threads'],
  ['GOMAXPROCS', 'Available processors'],
  ['GOMEMLIMIT', 'Maximum heap', formatBytes],
  ['GOGC', 'GOGC'],
  ['GODEBUG', 'GODEBUG'],
  ['storageRetention', 'Storage retention'],
];

const BUILD = [['version', 'Version'], ['revision', 'Revision'], ['branch', 'Branch'], ['buildUser', 'Build user'], ['buildDate', 'Build date'],
  ['goVersion', 'Runtime version']];

/** Rows for an object: the known fields in order with their labels, then any others as they are. */
export function rowsFor(obj, known) {
  const rows = [];
  const seen = new Set();
  for (const [key, label, fmt] of known) {
    if (!(key in obj)) continue;
    seen.add(key);
    const v = obj[key];
    if (v === '' || v === null) continue;
    rows.push([label, fmt ? fmt(v) : String(v)]);
  }
  for (const [k, v] of Object.entries(obj)) if (!seen.has(k)) rows.push([k, typeof v === 'object' ? JSON.stringify(v) : String(v)]);
  return rows;
}

export async function mount(root) {
  const body = h('div', null, loading());
  root.append(pageHeader(title), body);
  const [runtime, build] = await Promise.allSettled([api('status/runtimeinfo'), api('status/buildinfo')]);
  body.replaceChildren(
    h('h2', { text: 'Runtime information' }),
    runtime.status === 'fulfilled' ? definitionTable(rowsFor(runtime.value.data, RUNTIME), 'runtime-info')
      : alertBox('error', 'Error fetching runtime information:', runtime.reason.message),
    h('h2', { text: 'Build information' }),
    build.status === 'fulfilled' ? definitionTable(rowsFor(build.value.data, BUILD), 'build-info')
      : alertBox('error', 'Error fetching build information:', build.reason.message));
}
