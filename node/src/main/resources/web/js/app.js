// The single-page app: routes the page path to a page module, keeps the navigation bar current
// and switches the colour theme (auto, light, dark).

import { alertBox } from './dom.js';
import * as alerts from './pages/alerts.js';
import * as cluster from './pages/cluster.js';
import * as config from './pages/config.js';
import * as discovery from './pages/discovery.js';
import * as flags from './pages/flags.js';
import * as query from './pages/query.js';
import * as rules from './pages/rules.js';
import * as status from './pages/status.js';
import * as targets from './pages/targets.js';
import * as tsdb from './pages/tsdb.js';

const PAGES = {
  query, graph: query, alerts, targets, 'service-discovery': discovery, rules, status, 'tsdb-status': tsdb, flags, config, cluster,
};

let current = null;

function pageName() {
  const last = location.pathname.split('/').pop();
  return PAGES[last] ? last : 'query';
}

async function render() {
  if (current && current.dispose) current.dispose();
  current = null;
  const name = pageName();
  const page = PAGES[name];
  document.title = page.title + ' - Hearth';
  for (const a of document.querySelectorAll('[data-nav]')) {
    const on = a.dataset.nav === name || (name === 'graph' && a.dataset.nav === 'query');
    a.classList.toggle('active', on);
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const menu = document.querySelector('.nav-menu');
  if (menu) menu.classList.toggle('active', !!document.querySelector('.nav-menu [data-nav].active'));
  const root = document.getElementById('app');
  root.replaceChildren();
  root.dataset.page = name;
  delete root.dataset.ready;
  try {
    current = (await page.mount(root)) || null;
  } catch (e) {
    root.append(alertBox('error', 'This page failed:', e.message));
    throw e;
  } finally {
    root.dataset.ready = 'true';
  }
}

function navigate(href) {
  history.pushState(null, '', href);
  closeMenus();
  render();
}

function closeMenus() {
  for (const d of document.querySelectorAll('details.nav-menu[open]')) d.open = false;
}

document.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-nav]');
  if (a && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.button === 0) {
    e.preventDefault();
    navigate(a.getAttribute('href'));
    return;
  }
  if (!e.target.closest('details.nav-menu')) closeMenus();
});
window.addEventListener('popstate', () => render());

const THEMES = ['auto', 'light', 'dark'];
const THEME_ICON = { auto: '◐', light: '☀', dark: '☾' };

const SYSTEM_DARK = matchMedia('(prefers-color-scheme: dark)');

/** Sets data-theme to light or dark (the one palette switch in hearth.css); auto follows the system. */
function applyTheme(theme) {
  document.documentElement.dataset.theme = theme === 'auto' ? (SYSTEM_DARK.matches ? 'dark' : 'light') : theme;
  const b = document.getElementById('theme-toggle');
  if (b) {
    b.textContent = THEME_ICON[theme];
    b.title = 'Theme: ' + theme + ' (click to change)';
  }
  window.dispatchEvent(new Event('hearth-theme'));
}

function storedTheme() {
  try {
    return localStorage.getItem('hearth.theme') || 'auto';
  } catch (e) {
    return 'auto';
  }
}

document.getElementById('theme-toggle').addEventListener('click', () => {
  const next = THEMES[(THEMES.indexOf(storedTheme()) + 1) % THEMES.length];
  try {
    localStorage.setItem('hearth.theme', next);
  } catch (e) {
    // Private windows may refuse storage; the theme then lasts until reload.
  }
  applyTheme(next);
});
SYSTEM_DARK.addEventListener('change', () => applyTheme(storedTheme()));

applyTheme(storedTheme());
render();
