// Durations and times as the query page's inputs take them.

const UNITS = { y: 365 * 86400000, w: 7 * 86400000, d: 86400000, h: 3600000, m: 60000, s: 1000, ms: 1 };
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** A Prometheus duration (`1h30m`, `90s`) or a plain number of seconds, in ms; null when invalid. */
export function parseDuration(text) {
  const s = String(text || '').trim();
  if (s === '') return null;
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(parseFloat(s) * 1000);
  const m = DURATION.exec(s);
  if (!m) return null;
  const keys = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
  let ms = 0;
  keys.forEach((k, i) => {
    if (m[i + 1]) ms += parseInt(m[i + 1], 10) * UNITS[k];
  });
  return ms > 0 ? ms : null;
}

/** ms as the shortest Prometheus duration: 5400000 is `1h30m`. */
export function formatDuration(ms) {
  if (!ms) return '0s';
  let rest = ms;
  let out = '';
  for (const k of ['y', 'w', 'd', 'h', 'm', 's', 'ms']) {
    const n = Math.floor(rest / UNITS[k]);
    if (n > 0) {
      out += n + k;
      rest -= n * UNITS[k];
    }
  }
  return out;
}

const RANGE_STEPS = ['1m', '5m', '15m', '30m', '1h', '2h', '6h', '12h', '1d', '2d', '1w', '2w', '4w', '8w', '26w', '1y']
  .map(parseDuration);

/** The next longer preset range. */
export function widerRange(ms) {
  return RANGE_STEPS.find((r) => r > ms) || ms * 2;
}

/** The next shorter preset range. */
export function narrowerRange(ms) {
  const shorter = RANGE_STEPS.filter((r) => r < ms);
  return shorter.length ? shorter[shorter.length - 1] : ms;
}

/** The step for a range when none is given: about 250 points, at least 1 s, at most 11,000 points. */
export function autoStepSeconds(rangeMs) {
  const s = rangeMs / 1000;
  return Math.max(1, Math.round(s / 250), Math.ceil(s / 11000));
}

/** A `datetime-local` input's value (local time) for an instant in ms. */
export function toLocalInput(ms) {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60000);
  return d.toISOString().slice(0, 19);
}

/** An instant in ms from a `datetime-local` value (local time); null when empty or invalid. */
export function fromLocalInput(value) {
  if (!value) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (!m) return null;
  return new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0)).getTime();
}
