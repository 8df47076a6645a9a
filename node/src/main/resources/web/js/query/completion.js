// What to complete at the cursor of a PromQL expression, and the candidates for it.

import { api } from '../api.js';
import { AGGREGATIONS, FUNCTIONS, KEYWORDS } from './functions.js';

const IDENT_TAIL = /[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_OP = /([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*$/;
const GROUPING = /\b(by|without|on|ignoring|group_left|group_right)\s*$/;

function metricBefore(text, bracePos) {
  const m = IDENT_TAIL.exec(text.slice(0, bracePos).trimEnd());
  return m ? m[0] : null;
}

/**
 * The completion context at `pos` in `text`: { kind, prefix, from, to, ... } where kind is
 * `metric` (metric names, functions, keywords), `labelName`, `labelValue` (with `label`, and
 * `quote` when the value's closing quote is missing, and `open` when its opening one is) or
 * `none`. `metric` names the selector's metric when there is one, to narrow label names and values.
 */
export function completionContext(text, pos) {
  const before = text.slice(0, pos);
  const stack = [];
  let quote = null;
  let quoteStart = -1;
  for (let i = 0; i < before.length; i++) {
    const c = before[i];
    if (quote) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === '\'' || c === '`') {
      quote = c;
      quoteStart = i;
    } else if (c === '#') {
      const nl = before.indexOf('\n', i);
      if (nl < 0) return { kind: 'none' };
      i = nl;
    } else if (c === '{' || c === '(' || c === '[') {
      stack.push({ ch: c, pos: i });
    } else if (c === '}' || c === ')' || c === ']') {
      stack.pop();
    }
  }
  const top = stack.length ? stack[stack.length - 1] : null;
  if (quote) {
    if (!top || top.ch !== '{') return { kind: 'none' };
    const m = LABEL_OP.exec(before.slice(top.pos + 1, quoteStart));
    if (!m) return { kind: 'none' };
    const after = text.slice(pos);
    const close = after.indexOf(quote);
    const nl = after.indexOf('\n');
    const closed = close >= 0 && (nl < 0 || close < nl);
    return {
      kind: 'labelValue', label: m[1], metric: metricBefore(before, top.pos), prefix: before.slice(quoteStart + 1),
      from: quoteStart + 1, to: closed ? pos + close : pos, quote: closed ? '' : quote,
    };
  }
  const word = IDENT_TAIL.exec(before);
  const prefix = word ? word[0] : '';
  const from = pos - prefix.length;
  const to = pos + /^[a-zA-Z0-9_:]*/.exec(text.slice(pos))[0].length;
  if (from > 0 && /[0-9.]/.test(before[from - 1])) return { kind: 'none' }; // a duration's unit or a number
  if (top && top.ch === '{') {
    const prev = before.slice(top.pos + 1, from).trimEnd();
    if (prev === '' || prev.endsWith(',')) return { kind: 'labelName', metric: metricBefore(before, top.pos), prefix, from, to };
    const op = LABEL_OP.exec(prev);
    if (op && prefix === '') {
      return { kind: 'labelValue', label: op[1], metric: metricBefore(before, top.pos), prefix: '', from: pos, to: pos, quote: '"', open: '"' };
    }
    return { kind: 'none' };
  }
  if (top && top.ch === '[') return { kind: 'none' };
  if (top && top.ch === '(' && GROUPING.test(before.slice(0, top.pos))) {
    const prev = before.slice(top.pos + 1, from).trimEnd();
    if (prev === '' || prev.endsWith(',')) return { kind: 'labelName', metric: null, prefix, from, to };
    return { kind: 'none' };
  }
  return { kind: 'metric', prefix, from, to };
}

/** Ranks names against what was typed: prefix matches first, then substring matches. */
export function rank(names, prefix, limit) {
  const p = prefix.toLowerCase();
  const starts = [];
  const contains = [];
  for (const n of names) {
    const l = n.text.toLowerCase();
    if (l === p) continue;
    if (l.startsWith(p)) starts.push(n);
    else if (p.length > 0 && l.includes(p)) contains.push(n);
  }
  const byText = (a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
  return starts.sort(byText).concat(contains.sort(byText)).slice(0, limit);
}

const TTL_MS = 60000;

/** Candidate sources with a short cache, so typing does not call the API on every key. */
export class Completer {
  constructor() {
    this.cache = new Map();
  }

  cached(key, load) {
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.promise;
    const promise = load().catch(() => {
      this.cache.delete(key); // ask again next time rather than remember a failure
      return [];
    });
    this.cache.set(key, { at: Date.now(), promise });
    return promise;
  }

  metricNames() {
    return this.cached('metrics', () => api('label/__name__/values').then((r) => r.data || []));
  }

  labelNames(metric) {
    const params = metric ? { 'match[]': metric } : {};
    return this.cached('labels:' + (metric || ''), () => api('labels', params).then((r) => (r.data || []).filter((n) => n !== '__name__')));
  }

  labelValues(label, metric) {
    const params = metric ? { 'match[]': metric } : {};
    return this.cached('values:' + label + ':' + (metric || ''),
      () => api('label/' + encodeURIComponent(label) + '/values', params).then((r) => r.data || []));
  }

  /** Suggestions for a context: [{ text, insert, kind, detail }], best first. */
  async suggest(ctx, limit) {
    const max = limit || 100;
    if (ctx.kind === 'labelName') {
      const names = await this.labelNames(ctx.metric);
      return rank(names.map((n) => ({ text: n, insert: n, kind: 'label' })), ctx.prefix, max);
    }
    if (ctx.kind === 'labelValue') {
      const values = await this.labelValues(ctx.label, ctx.metric);
      return rank(values.map((v) => ({ text: v, insert: (ctx.open || '') + escapeValue(v, ctx.quote || '"') + ctx.quote, kind: 'value' })), ctx.prefix, max);
    }
    if (ctx.kind === 'metric') {
      if (ctx.prefix === '' && !ctx.explicit) return [];
      const metrics = await this.metricNames();
      const all = metrics.map((m) => ({ text: m, insert: m, kind: 'metric' }))
        .concat(FUNCTIONS.map(([n, sig]) => ({ text: n, insert: n + '(', kind: 'function', detail: sig })))
        .concat(AGGREGATIONS.map(([n, sig]) => ({ text: n, insert: n, kind: 'aggregation', detail: sig })))
        .concat(KEYWORDS.map((k) => ({ text: k, insert: k, kind: 'keyword' })));
      return rank(all, ctx.prefix, max);
    }
    return [];
  }
}

function escapeValue(v, quote) {
  if (quote === '`') return v;
  return v.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), '\\' + quote).replace(/\n/g, '\\n');
}
