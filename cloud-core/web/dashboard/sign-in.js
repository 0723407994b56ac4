// The operator sign-in form, shared by the ops dashboard and the overflow console (which imports it
// from /dashboard/assets, so both pages hold one CSRF token in the one api.js module).

import htm from 'htm';
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { get, post, setCsrfToken } from './api.js';

const html = htm.bind(h);

export function SignIn({ title, onSignedIn }) {
  const [error, setError] = useState('');
  const submit = async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      const me = await post('/v1/auth/sign-in', {
        username: form.get('username'),
        password: form.get('password'),
      });
      setCsrfToken(me.csrfToken);
      onSignedIn(me);
    } catch (e) {
      setError(e.message);
    }
  };
  return html`<form class="login" onSubmit=${submit} data-testid="sign-in">
    <h1>${title}</h1>
    <input name="username" autocomplete="username" placeholder="Username" required />
    <input name="password" type="password" autocomplete="current-password" placeholder="Password" required />
    <button type="submit">Sign in</button>
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </form>`;
}

/** Who is signed in: undefined while asking, null when no one (the page shows `SignIn`). */
export function useSignedIn() {
  const [me, setMe] = useState(undefined);
  useEffect(() => {
    get('/v1/auth/me')
      .then((r) => {
        setCsrfToken(r.csrfToken);
        setMe(r);
      })
      .catch(() => setMe(null));
  }, []);
  return [me, setMe];
}
