// The Query page (also at /graph): panels of expressions, their state kept in the URL.

import { h } from '../dom.js';
import { Completer } from '../query/completion.js';
import { Panel } from '../query/panel.js';
import { decodePanels, emptyPanel, encodePanels } from '../query/state.js';

export const title = 'Query';

export function mount(root) {
  const completer = new Completer();
  completer.metricNames(); // warm the cache so the first completion is quick
  const panels = [];
  const list = h('div', { class: 'panels' });

  const save = () => {
    const qs = encodePanels(panels.map((p) => p.state));
    const url = location.pathname + '?' + qs;
    if (url !== location.pathname + location.search) history.replaceState(null, '', url);
  };

  const ctx = {
    completer,
    onChange: save,
    onRemove: (panel) => {
      const i = panels.indexOf(panel);
      if (i < 0) return;
      panel.dispose();
      panel.el.remove();
      panels.splice(i, 1);
      if (panels.length === 0) add(emptyPanel());
      save();
    },
  };

  function add(state) {
    const p = new Panel(state, ctx);
    panels.push(p);
    list.append(p.el);
    return p;
  }

  root.append(list, h('button', {
    type: 'button', class: 'btn add-panel', text: '+ Add panel',
    onclick: () => {
      add(emptyPanel()).editor.focus();
      save();
    },
  }));

  for (const state of decodePanels(location.search)) add(state);
  for (const p of panels) if (p.state.expr.trim()) p.execute();
  if (panels.length === 1 && !panels[0].state.expr) panels[0].editor.focus();

  const onTheme = () => panels.forEach((p) => p.redraw());
  window.addEventListener('hearth-theme', onTheme);
  return {
    dispose() {
      window.removeEventListener('hearth-theme', onTheme);
      panels.forEach((p) => p.dispose());
    },
  };
}
