// The Graph tab: a range query's series drawn with uPlot (vendored), a legend that toggles series,
// and a tooltip naming the series nearest the cursor.

import { h, seriesName, seriesNameNode } from '../dom.js';
import { formatTime, formatValue } from '../format.js';

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
  '#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6', '#dd4477', '#66aa00', '#b82e2e', '#316395'];

/** The colour of the i-th series. */
export function seriesColor(i) {
  if (i < PALETTE.length) return PALETTE[i];
  return 'hsl(' + ((i * 137.5) % 360) + ', 65%, 50%)';
}

function alpha(color, a) {
  if (color.startsWith('#')) {
    const n = parseInt(color.slice(1), 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + a + ')';
  }
  return color.replace('hsl(', 'hsla(').replace(')', ', ' + a + ')');
}

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function sampleValue(s) {
  const v = parseFloat(s);
  return Number.isFinite(v) ? v : null;
}

/** Aligns a matrix on the step grid from start to end (seconds): [xs, ys per series]. */
export function align(result, startS, endS, stepS) {
  const n = Math.floor((endS - startS) / stepS + 1e-9) + 1;
  const xs = new Array(n);
  for (let i = 0; i < n; i++) xs[i] = startS + i * stepS;
  const ys = result.map((s) => {
    const y = new Array(n).fill(null);
    for (const [t, v] of s.values || []) {
      const i = Math.round((t - startS) / stepS);
      if (i >= 0 && i < n) y[i] = sampleValue(v);
    }
    for (const [t, hist] of s.histograms || []) {
      const i = Math.round((t - startS) / stepS);
      if (i >= 0 && i < n) y[i] = sampleValue(hist.count);
    }
    return y;
  });
  return [xs, ys];
}

function stack(ys) {
  const acc = ys.length ? new Array(ys[0].length).fill(0) : [];
  return ys.map((y) => y.map((v, i) => {
    acc[i] += v === null ? 0 : v;
    return acc[i];
  }));
}

/**
 * Draws `result` (a matrix) into `container`; returns { destroy() }. opts: { start, end, step }
 * in seconds and `stacked`.
 */
export function drawGraph(container, result, opts) {
  const [xs, ys] = align(result, opts.start, opts.end, opts.step);
  const drawn = opts.stacked ? stack(ys) : ys;
  const names = result.map((s) => seriesName(s.metric));
  const axisColor = cssVar('--fg-muted') || '#666';
  const gridColor = cssVar('--grid') || 'rgba(0,0,0,0.08)';
  const series = [{}];
  result.forEach((s, i) => {
    const c = seriesColor(i);
    series.push({
      label: names[i], stroke: c, width: 1.5, spanGaps: false, points: { show: false },
      fill: opts.stacked ? alpha(c, 0.35) : undefined,
      value: (u, v, si, idx) => (idx === null ? '' : formatValue(ys[si - 1][idx])),
    });
  });
  const bands = [];
  if (opts.stacked) for (let i = 2; i <= result.length; i++) bands.push({ series: [i, i - 1], fill: alpha(seriesColor(i - 1), 0.35) });
  if (opts.stacked && result.length > 0) series[1].fill = alpha(seriesColor(0), 0.35);

  const plot = h('div', { class: 'graph-plot' });
  const tooltip = h('div', { class: 'graph-tooltip', hidden: true });
  const legend = h('div', { class: 'graph-legend' });
  container.replaceChildren(plot, legend);

  const width = Math.max(300, container.clientWidth || 800);
  const u = new uPlot({
    width, height: 340, series, bands,
    legend: { show: false },
    cursor: { focus: { prox: 24 }, drag: { x: true, y: false } },
    focus: { alpha: 0.35 },
    scales: { x: { time: true, range: [opts.start, opts.end] } },
    axes: [
      { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor } },
      { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor }, size: 60,
        values: (self, ticks) => ticks.map(formatValue) },
    ],
    hooks: { setCursor: [(self) => showTooltip(self)] },
  }, [xs, ...drawn], plot);
  u.over.appendChild(tooltip);

  function showTooltip(self) {
    const idx = self.cursor.idx;
    if (idx === null || idx === undefined || self.cursor.left < 0) {
      tooltip.hidden = true;
      return;
    }
    let best = -1;
    let bestDist = Infinity;
    for (let si = 1; si < self.series.length; si++) {
      if (!self.series[si].show) continue;
      const v = self.data[si][idx];
      if (v === null || v === undefined) continue;
      const d = Math.abs(self.valToPos(v, 'y') - self.cursor.top);
      if (d < bestDist) {
        bestDist = d;
        best = si;
      }
    }
    if (best < 0) {
      tooltip.hidden = true;
      return;
    }
    tooltip.replaceChildren(
      h('div', { class: 'muted', text: formatTime(xs[idx] * 1000) }),
      h('div', null, h('span', { class: 'swatch', style: { background: seriesColor(best - 1) } }), seriesNameNode(result[best - 1].metric)),
      h('div', { class: 'tooltip-value', text: 'value: ' + formatValue(ys[best - 1][idx]) }));
    tooltip.hidden = false;
    const left = self.cursor.left;
    const flip = left > self.over.clientWidth / 2;
    tooltip.style.left = flip ? '' : left + 12 + 'px';
    tooltip.style.right = flip ? self.over.clientWidth - left + 12 + 'px' : '';
    tooltip.style.top = Math.max(0, self.cursor.top - 10) + 'px';
  }

  result.forEach((s, i) => {
    const item = h('div', {
      class: 'legend-item', title: 'Click to hide or show; Ctrl/⌘+click to show only this series',
      onclick: (e) => {
        if (e.ctrlKey || e.metaKey) {
          const only = u.series.every((x, k) => k === 0 || k === i + 1 || !x.show);
          u.batch(() => {
            for (let k = 1; k < u.series.length; k++) u.setSeries(k, { show: only || k === i + 1 });
          });
        } else {
          u.setSeries(i + 1, { show: !u.series[i + 1].show });
        }
        for (let k = 1; k < u.series.length; k++) legend.children[k - 1].classList.toggle('off', !u.series[k].show);
      },
      onmouseenter: () => u.setSeries(i + 1, { focus: true }),
      onmouseleave: () => u.setSeries(null, { focus: false }),
    }, h('span', { class: 'swatch', style: { background: seriesColor(i) } }), seriesNameNode(s.metric));
    legend.appendChild(item);
  });

  const observer = new ResizeObserver(() => {
    const w = Math.max(300, container.clientWidth);
    if (w !== u.width) u.setSize({ width: w, height: 340 });
  });
  observer.observe(container);
  return {
    uplot: u,
    destroy() {
      observer.disconnect();
      u.destroy();
    },
  };
}
