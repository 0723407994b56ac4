// One fetch wrapper for the core's API: same-origin cookie session, the CSRF token on changes,
// and the server's `{error:{code,message}}` turned into an Error the views can show.

let csrfToken = '';

export function setCsrfToken(token) {
  csrfToken = token ?? '';
}

export async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      'content-type': 'application/json',
      ...(method !== 'GET' && csrfToken ? { 'x-csrf-token': csrfToken } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const error = new Error(json.error?.message ?? `HTTP ${res.status}`);
    error.status = res.status;
    error.code = json.error?.code;
    throw error;
  }
  return json;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body ?? {});
