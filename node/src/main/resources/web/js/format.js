// Formatting of times, durations, bytes and sample values for display.

const SI = [[1e15, 'P'], [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];

/** A sample value for axes and tooltips: SI prefixes from a thousand up, four significant digits. */
export function formatValue(v) {
  if (v === null || v === undefined) return '';
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : (v > 0 ? '+Inf' : '-Inf');
  const a = Math.abs(v);
  if (a === 0) return '0';
  for (const [f, p] of SI) if (a >= f) return trim((v / f).toPrecision(4)) + p;
  if (a < 1e-3) return v.toExponential(2);
  return trim(v.toPrecision(4));
}

function trim(s) {
  return s.includes('.') && !s.includes('e') ? s.replace(/\.?0+$/, '') : s;
}

function pad(n, w) {
  return String(n).padStart(w || 2, '0');
}

/** Local time as `2024-05-01 12:30:05` (plus `.123` when milliseconds are set). */
export function formatTime(ms) {
  const d = new Date(ms);
  const base = d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' +
    pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  return d.getMilliseconds() ? base + '.' + pad(d.getMilliseconds(), 3) : base;
}

/** Milliseconds as a compact duration: `1d2h`, `5m30s`, `12.345ms`, `850µs`. */
export function formatDurationMs(ms) {
  if (!Number.isFinite(ms)) return '';
  if (ms < 0) return '-' + formatDurationMs(-ms);
  if (ms < 1) return Math.round(ms * 1000) + 'µs';
  if (ms < 1000) return trim(ms.toFixed(3)) + 'ms';
  if (ms < 60000) return trim((ms / 1000).toFixed(3)) + 's';
  const parts = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, s] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]]) {
    const n = Math.floor(rest / s);
    if (n > 0) parts.push(n + unit);
    rest -= n * s;
  }
  return parts.join('');
}

/** How long ago a time was, for "last scrape" columns; `never` for Go's zero time. */
export function formatAgo(iso, now) {
  const t = Date.parse(iso);
  if (!Number.isFinite(t) || t <= 0) return 'never';
  return formatDurationMs(Math.max(0, (now || Date.now()) - t)) + ' ago';
}

/** Bytes with binary prefixes: `1.5 GiB`. */
export function formatBytes(n) {
  if (!Number.isFinite(n)) return String(n);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  let v = n;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return (i === 0 ? String(v) : trim(v.toFixed(2))) + ' ' + units[i];
}

/** An integer with thousands separators. */
export function formatCount(n) {
  return Number.isFinite(n) ? n.toLocaleString('en-US') : String(n);
}
