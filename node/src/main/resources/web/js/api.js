// The one place the UI talks to the node: the Prometheus HTTP API under api/v1/, relative to the
// page so that a proxy's path prefix is kept.

/** A failed API call: the API's own `error` and `errorType` when it answered with them. */
export class ApiError extends Error {
  constructor(message, status, errorType) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.errorType = errorType || '';
  }
}

function encode(params) {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === null || v === undefined || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => out.append(k, x));
    else out.append(k, String(v));
  }
  return out;
}

/**
 * Calls `api/v1/<path>` and resolves to { data, warnings, infos }; rejects with an ApiError.
 * options: { post: send the parameters as a form body (long expressions), signal: an AbortSignal }.
 */
export async function api(path, params, options) {
  const opts = options || {};
  const body = encode(params);
  let url = new URL('api/v1/' + path, document.baseURI).toString();
  const init = { signal: opts.signal, headers: { Accept: 'application/json' } };
  if (opts.post) {
    init.method = 'POST';
    init.body = body;
  } else if ([...body.keys()].length > 0) {
    url += '?' + body.toString();
  }
  let res;
  try {
    res = await fetch(url, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError('cannot reach the server: ' + e.message, 0);
  }
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ApiError(text.trim() || res.status + ' ' + res.statusText, res.status);
  }
  if (!res.ok || json.status !== 'success') {
    throw new ApiError(json.error || res.status + ' ' + res.statusText, res.status, json.errorType);
  }
  return { data: json.data, warnings: json.warnings || [], infos: json.infos || [] };
}
