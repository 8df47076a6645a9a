// One query panel: an expression, its Table and Graph tabs with their options, and the result.

import { api } from '../api.js';
import { alertBox, h } from '../dom.js';
import { formatCount, formatDurationMs } from '../format.js';
import { ExpressionEditor } from './editor.js';
import { drawGraph } from './graph.js';
import { renderTable } from './table.js';
import { autoStepSeconds, formatDuration, fromLocalInput, narrowerRange, parseDuration, toLocalInput, widerRange } from './time.js';

export class Panel {
  /** ctx: { completer, onChange(), onRemove(panel) }; state as from state.js. */
  constructor(state, ctx) {
    this.state = { ...state };
    this.ctx = ctx;
    this.abort = null;
    this.chart = null;
    this.lastRange = null;
    this.stale = true;

    this.editor = new ExpressionEditor({
      value: this.state.expr, completer: ctx.completer,
      onExecute: () => this.execute(), onInput: (v) => {
        this.state.expr = v;
      },
    });
    this.meta = h('div', { class: 'panel-meta' });
    this.messages = h('div', { class: 'panel-messages' });
    this.result = h('div', { class: 'panel-result' });
    this.tabButtons = {
      table: h('button', { type: 'button', class: 'tab', role: 'tab', text: 'Table', onclick: () => this.setTab('table') }),
      graph: h('button', { type: 'button', class: 'tab', role: 'tab', text: 'Graph', onclick: () => this.setTab('graph') }),
    };
    this.controls = h('div', { class: 'tab-controls' });
    this.el = h('section', { class: 'panel' },
      h('div', { class: 'panel-query' },
        this.editor.el,
        h('button', { type: 'button', class: 'btn primary execute', text: 'Execute', onclick: () => this.execute() }),
        h('button', { type: 'button', class: 'btn icon remove-panel', title: 'Remove panel', 'aria-label': 'Remove panel', text: '✕',
          onclick: () => ctx.onRemove(this) })),
      this.messages,
      h('div', { class: 'tab-bar' }, h('div', { class: 'tabs', role: 'tablist' }, this.tabButtons.table, this.tabButtons.graph), this.meta),
      this.controls,
      this.result);
    this.renderControls();
  }

  setTab(tab) {
    if (this.state.tab === tab) return;
    this.state.tab = tab;
    this.renderControls();
    this.ctx.onChange();
    this.clearResult();
    if (this.state.expr.trim()) this.execute();
  }

  renderControls() {
    const s = this.state;
    for (const [k, b] of Object.entries(this.tabButtons)) {
      b.classList.toggle('active', k === s.tab);
      b.setAttribute('aria-selected', k === s.tab ? 'true' : 'false');
    }
    if (s.tab === 'table') {
      const moment = h('input', {
        type: 'datetime-local', step: 1, class: 'input moment-input', 'aria-label': 'Evaluation time',
        value: s.moment === null ? '' : toLocalInput(s.moment),
        onchange: () => this.update({ moment: fromLocalInput(moment.value) }),
      });
      this.controls.replaceChildren(h('label', { class: 'control' }, h('span', { text: 'Evaluation time' }), moment,
        h('button', { type: 'button', class: 'btn small', text: 'Now', title: 'Evaluate at the current time',
          onclick: () => this.update({ moment: null }) })));
      return;
    }
    const range = h('input', {
      type: 'text', class: 'input range-input', size: 6, value: formatDuration(s.range), 'aria-label': 'Range',
      onchange: () => {
        const ms = parseDuration(range.value);
        if (ms) this.update({ range: ms });
        else range.value = formatDuration(this.state.range);
      },
    });
    const end = h('input', {
      type: 'datetime-local', step: 1, class: 'input end-input', 'aria-label': 'End time',
      value: s.end === null ? '' : toLocalInput(s.end), onchange: () => this.update({ end: fromLocalInput(end.value) }),
    });
    const step = h('input', {
      type: 'text', class: 'input step-input', size: 6, placeholder: 'auto', 'aria-label': 'Resolution in seconds',
      value: s.step === null ? '' : String(s.step),
      onchange: () => {
        const v = parseDuration(step.value);
        this.update({ step: v ? v / 1000 : null });
      },
    });
    const shift = (dir) => {
      const base = this.state.end === null ? Date.now() : this.state.end;
      this.update({ end: base + dir * this.state.range / 2 });
    };
    this.controls.replaceChildren(
      h('div', { class: 'control-group' },
        h('button', { type: 'button', class: 'btn small', text: '−', title: 'Shorter range', onclick: () => this.update({ range: narrowerRange(s.range) }) }),
        range,
        h('button', { type: 'button', class: 'btn small', text: '+', title: 'Longer range', onclick: () => this.update({ range: widerRange(s.range) }) })),
      h('div', { class: 'control-group' },
        h('button', { type: 'button', class: 'btn small', text: '«', title: 'Earlier', onclick: () => shift(-1) }),
        end,
        h('button', { type: 'button', class: 'btn small', text: '»', title: 'Later', onclick: () => shift(1) }),
        h('button', { type: 'button', class: 'btn small', text: 'Now', title: 'End at the current time', onclick: () => this.update({ end: null }) })),
      h('label', { class: 'control' }, h('span', { text: 'Res. (s)' }), step),
      h('label', { class: 'control toggle' },
        h('input', { type: 'checkbox', class: 'stacked-toggle', checked: s.stacked, onchange: (e) => this.update({ stacked: e.target.checked }) }),
        h('span', { text: 'Stacked' })));
  }

  update(change) {
    Object.assign(this.state, change);
    this.renderControls();
    this.ctx.onChange();
    if (this.state.expr.trim()) this.execute();
  }

  clearResult() {
    if (this.chart) this.chart.destroy();
    this.chart = null;
    this.lastRange = null;
    this.result.replaceChildren();
    this.meta.replaceChildren();
    this.messages.replaceChildren();
  }

  /** Runs the expression for the current tab and shows the result, errors, warnings and infos. */
  async execute() {
    const expr = this.editor.value;
    this.state.expr = expr;
    this.ctx.onChange();
    if (this.abort) this.abort.abort();
    if (!expr.trim()) {
      this.clearResult();
      return;
    }
    const abort = new AbortController();
    this.abort = abort;
    const s = this.state;
    const t0 = performance.now();
    this.el.classList.add('busy');
    let params;
    let path;
    let range = null;
    if (s.tab === 'graph') {
      const endMs = s.end === null ? Date.now() : s.end;
      const step = s.step || autoStepSeconds(s.range);
      const endS = Math.floor(endMs / 1000);
      const startS = endS - Math.floor(s.range / 1000);
      // Align to the step, as Prometheus's UI does, so that successive runs draw the same points.
      range = { start: startS - (startS % step), end: endS - (endS % step), step };
      path = 'query_range';
      params = { query: expr, start: range.start, end: range.end, step };
    } else {
      path = 'query';
      params = { query: expr, time: s.moment === null ? null : s.moment / 1000 };
    }
    let res;
    try {
      res = await api(path, params, { post: true, signal: abort.signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      this.el.classList.remove('busy');
      this.clearResult();
      this.messages.append(alertBox('error', 'Error executing query:', e.message + (e.errorType ? ' (' + e.errorType + ')' : '')));
      return;
    } finally {
      if (this.abort === abort) this.abort = null;
    }
    this.el.classList.remove('busy');
    const ms = performance.now() - t0;
    this.clearResult();
    for (const w of res.warnings) this.messages.append(alertBox('warn', 'Warning:', w));
    for (const i of res.infos) this.messages.append(alertBox('info', 'Info:', i));
    const data = res.data;
    const count = Array.isArray(data.result) && data.resultType !== 'scalar' && data.resultType !== 'string' ? data.result.length : 1;
    this.meta.replaceChildren(h('span', { text: 'Load time: ' + formatDurationMs(ms) }),
      ...(range ? [h('span', { text: 'Resolution: ' + range.step + 's' })] : []),
      h('span', { class: 'result-count', text: 'Result series: ' + formatCount(count) }));
    if (s.tab === 'graph') {
      if (data.resultType !== 'matrix') {
        this.result.append(alertBox('error', 'Error:', 'expected a range result (matrix) to graph, got ' + data.resultType));
      } else if (data.result.length === 0) {
        this.result.append(h('div', { class: 'empty-result', text: 'Empty query result' }));
      } else {
        this.lastRange = { data, range };
        this.chart = drawGraph(this.result, data.result, { ...range, stacked: s.stacked });
      }
    } else {
      this.result.append(renderTable(data));
    }
  }

  /** Draws the graph again (after a theme change) from the last result, without a query. */
  redraw() {
    if (!this.chart || !this.lastRange) return;
    this.chart.destroy();
    const { data, range } = this.lastRange;
    this.chart = drawGraph(this.result, data.result, { ...range, stacked: this.state.stacked });
  }

  dispose() {
    if (this.abort) this.abort.abort();
    if (this.chart) this.chart.destroy();
  }
}
