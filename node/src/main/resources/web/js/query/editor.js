// The expression input: a growing textarea with a completion list for metric names, label names
// and values, functions and keywords. Enter executes, Shift+Enter adds a line, Ctrl+Space completes.

import { h } from '../dom.js';
import { completionContext } from './completion.js';

const KIND_MARK = { metric: 'M', function: 'F', aggregation: 'A', keyword: 'K', label: 'L', value: 'V' };

export class ExpressionEditor {
  /** options: { value, completer, onExecute(), onInput(value) } */
  constructor(options) {
    this.options = options;
    this.items = [];
    this.selected = 0;
    this.ctx = null;
    this.request = 0;
    this.timer = 0;
    this.input = h('textarea', {
      class: 'expr-input', rows: 1, spellcheck: 'false', autocomplete: 'off', 'aria-label': 'Expression (press Shift+Enter for newlines)',
      placeholder: 'Expression (press Shift+Enter for newlines)', value: options.value || '',
      oninput: () => this.changed(), onkeydown: (e) => this.keydown(e), onblur: () => this.close(),
      onclick: () => this.close(),
    });
    this.list = h('ul', { class: 'completions', role: 'listbox', hidden: true, onmousedown: (e) => e.preventDefault() });
    this.el = h('div', { class: 'editor' }, this.input, this.list);
    this.resize();
  }

  get value() {
    return this.input.value;
  }

  set value(v) {
    this.input.value = v;
    this.resize();
  }

  focus() {
    this.input.focus();
  }

  resize() {
    this.input.rows = Math.min(12, Math.max(1, this.input.value.split('\n').length));
  }

  changed() {
    this.resize();
    this.options.onInput(this.input.value);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.complete(false), 60);
  }

  async complete(explicit) {
    const pos = this.input.selectionStart;
    if (pos !== this.input.selectionEnd) return this.close();
    const ctx = completionContext(this.input.value, pos);
    ctx.explicit = explicit;
    const id = ++this.request;
    const items = await this.options.completer.suggest(ctx, 100);
    if (id !== this.request || document.activeElement !== this.input) return;
    this.ctx = ctx;
    this.show(items);
  }

  show(items) {
    this.items = items;
    this.selected = 0;
    if (items.length === 0) return this.close();
    this.list.replaceChildren(...items.map((it, i) => h('li', {
      class: 'completion kind-' + it.kind, role: 'option', dataset: { index: String(i) },
      onclick: () => this.accept(i), onmousemove: () => this.select(i),
    }, h('span', { class: 'kind', title: it.kind, text: KIND_MARK[it.kind] || '?' }), h('span', { class: 'text', text: it.text }),
    it.detail ? h('span', { class: 'detail', text: it.detail }) : null)));
    this.list.hidden = false;
    this.select(0);
  }

  select(i) {
    const lis = this.list.children;
    if (lis.length === 0) return;
    this.selected = (i + lis.length) % lis.length;
    for (let k = 0; k < lis.length; k++) lis[k].setAttribute('aria-selected', k === this.selected ? 'true' : 'false');
    lis[this.selected].scrollIntoView({ block: 'nearest' });
  }

  close() {
    this.request++;
    this.items = [];
    this.list.hidden = true;
    this.list.replaceChildren();
  }

  isOpen() {
    return !this.list.hidden;
  }

  accept(i) {
    const it = this.items[i];
    const ctx = this.ctx;
    this.close();
    if (!it || !ctx) return;
    const v = this.input.value;
    this.input.value = v.slice(0, ctx.from) + it.insert + v.slice(ctx.to);
    const caret = ctx.from + it.insert.length;
    this.input.setSelectionRange(caret, caret);
    this.input.focus();
    this.resize();
    this.options.onInput(this.input.value);
  }

  keydown(e) {
    if (this.isOpen()) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        this.select(this.selected + (e.key === 'ArrowDown' ? 1 : -1));
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        this.accept(this.selected);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        this.close();
        return;
      }
    }
    if (e.key === ' ' && e.ctrlKey) {
      e.preventDefault();
      this.complete(true);
    } else if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      this.close();
      this.options.onExecute();
    }
  }
}
