// The console's only way to the server: the public /v1 API with the key the user signed
// in with. The key lives in sessionStorage, so it is gone when the tab closes.

const keyName = 'kehu.apiKey';
const busyDelayMs = 200; // show the loading bar only for requests slower than this

/** An answer that is not 2xx, carrying the RFC 9457 problem details when there are any. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.fieldErrors = Array.isArray(problem.errors) ? problem.errors : [];
  }
}

export const session = {
  key: () => sessionStorage.getItem(keyName),
  signIn: (key) => sessionStorage.setItem(keyName, key),
  signOut: () => sessionStorage.removeItem(keyName),
};

let pending = 0;
let onUnauthorized = () => {};

/** Called when the server refuses the key (401), e.g. after it was revoked. */
export function setUnauthorizedHandler(handler) { onUnauthorized = handler; }

function setBusy(delta) {
  pending += delta;
  const bar = document.getElementById('busy');
  if (bar) bar.hidden = pending === 0;
}

/** Builds `/v1/...?a=b`, leaving out empty parameters. */
export function apiPath(path, query = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.append(name, value);
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * Sends one request. Resolves to { data, etag, status }; rejects with ApiError.
 * `ifMatch` sends the version the user edited, so a stale edit answers 412.
 */
export async function request(method, path, { query, body, ifMatch, key } = {}) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${key || session.key()}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch) headers['If-Match'] = ifMatch;
  let counted = false;
  const timer = setTimeout(() => { counted = true; setBusy(1); }, busyDelayMs);
  try {
    const response = await fetch(apiPath(path, query), {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text }; }
    if (!response.ok) {
      const error = new ApiError(response.status, data || {});
      if (response.status === 401 && !key) onUnauthorized(error);
      throw error;
    }
    return { data, etag: response.headers.get('ETag'), status: response.status };
  } finally {
    clearTimeout(timer);
    if (counted) setBusy(-1);
  }
}

export const api = {
  get: async (path, query) => (await request('GET', path, { query })).data,
  post: async (path, body) => (await request('POST', path, { body })).data,
};
