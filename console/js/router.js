// Hash routes (#/customers/cus_1?q=张), so the server only ever serves one page.

const routes = [];

/** Registers `pattern` ('/customers/:id') with a function (params, query) => Promise. */
export function route(pattern, render) {
  const names = [];
  const source = pattern.replace(/:(\w+)/g, (_, name) => { names.push(name); return '([^/]+)'; });
  routes.push({ regex: new RegExp(`^${source}$`), names, render, pattern });
}

/** The current hash split into path and decoded query. */
export function current() {
  const hash = location.hash.slice(1) || '/';
  const [path, search = ''] = hash.split('?');
  return { path, query: Object.fromEntries(new URLSearchParams(search)) };
}

export function match(path) {
  for (const entry of routes) {
    const found = entry.regex.exec(path);
    if (found) {
      const params = Object.fromEntries(entry.names.map((name, i) => [name, decodeURIComponent(found[i + 1])]));
      return { entry, params };
    }
  }
  return null;
}

export function navigate(path) { location.hash = `#${path}`; }

/** Rewrites the query in the address bar without re-rendering (filters, search text). */
export function replaceQuery(query) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
  const text = params.toString();
  history.replaceState(null, '', `#${current().path}${text ? `?${text}` : ''}`);
}
