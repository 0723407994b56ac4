// The central overflow console: central agents take over conversations that a branch could not serve
// in time. Preact + htm as plain ES modules served by the core; the sign-in form, the API wrapper and
// the formats are the dashboard's. Sessions stay live through one EventSource (see session-store.js).

import htm from 'htm';
import { h, render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { post, setCsrfToken } from '/dashboard/assets/api.js';
import { SignIn, useSignedIn } from '/dashboard/assets/sign-in.js';
import { accept, explain, release, sendReply, wrapUp } from './actions.js';
import { SessionList } from './session-list.js';
import { SessionPane } from './session-pane.js';
import { keyOf, useOverflowSessions } from './session-store.js';

const html = htm.bind(h);
const title = 'Branchline · Central overflow';
const rank = { viewer: 0, agent: 1, operator: 2, admin: 3 };

async function signOut(onSignedOut) {
  await post('/v1/auth/sign-out').catch(() => undefined);
  setCsrfToken('');
  onSignedOut();
}

function Me({ me, onSignedOut }) {
  return html`<div class="me" data-testid="me">
    ${me.operator.displayName} <span class="badge" data-testid="role">${me.operator.role}</span>
    <a href="/dashboard" data-testid="dashboard-link">Dashboard</a>
    <button class="link" onClick=${() => signOut(onSignedOut)} data-testid="sign-out">Sign out</button>
  </div>`;
}

function RoleNeeded({ me, onSignedOut }) {
  return html`<div class="login role-needed" data-testid="role-needed">
    <h1>${title}</h1>
    <p role="alert">
      Taking over conversations needs the <strong>agent</strong> role or higher. You are signed in as ${me.operator.displayName}
      with the <strong>${me.operator.role}</strong> role; ask an admin for the agent role.
    </p>
    <${Me} me=${me} onSignedOut=${onSignedOut} />
  </div>`;
}

function Console({ me, onSignedOut }) {
  const { sessions, live, loadError, refresh, applySession } = useOverflowSessions(onSignedOut);
  const [selected, setSelected] = useState(null);
  const [drafts, setDrafts] = useState({});
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  // Sessions this agent released or wrapped up: their leaving the list is expected, not news. The
  // removal may arrive on the stream before or after the action's own answer, so this outlives it.
  const closedHere = useRef(new Set());

  useEffect(() => {
    if (!selected || sessions.has(selected)) return;
    setSelected(null);
    if (!closedHere.current.has(selected))
      setNotice('The conversation you had open has left overflow: a branch agent took it, or it ended.');
  }, [sessions, selected]);

  /** Runs an action, shows why it was refused if it was, and tells whether it went through. */
  const run = async (action) => {
    setBusy(true);
    try {
      await action();
      setError('');
      // Without the stream, the change would only show at the next poll.
      if (!live) void refresh();
      return true;
    } catch (e) {
      if (e.status === 401) onSignedOut();
      else {
        setError(explain(e));
        void refresh();
      }
      return false;
    } finally {
      setBusy(false);
    }
  };
  const session = selected ? sessions.get(selected) : undefined;
  const setDraft = (key, text) => setDrafts((d) => ({ ...d, [key]: text }));
  const select = (key) => {
    closedHere.current.delete(key);
    setSelected(key);
    setNotice('');
  };

  const onAccept = (s) =>
    run(async () => {
      applySession(await accept(s));
      select(keyOf(s));
    });
  const onSend = (text) =>
    run(async () => {
      await sendReply(session, text);
      setDraft(selected, '');
    });
  const leave = async (call) => {
    const key = selected;
    closedHere.current.add(key);
    const done = await run(async () => {
      await call();
      setDraft(key, '');
      setSelected((current) => (current === key ? null : current));
    });
    if (!done) closedHere.current.delete(key);
  };

  return html`<div class="layout overflow">
    <header>
      <h1>${title}</h1>
      <span class="connection" data-testid="live" title=${loadError || (live ? 'Updates arrive live' : 'Reconnecting…')}>
        <span class=${`live ${live ? 'on' : 'off'}`}>●</span> ${live ? 'live' : 'offline'}
      </span>
      <${Me} me=${me} onSignedOut=${onSignedOut} />
    </header>
    ${
      error &&
      html`<div class="strip strip-error" role="alert" data-testid="error">
        <span>${error}</span>
        <button class="link" onClick=${() => setError('')} aria-label="Dismiss">✕</button>
      </div>`
    }
    ${
      !error &&
      loadError &&
      html`<div class="strip strip-warn" role="status">Could not read the sessions: ${loadError}. Retrying…</div>`
    }
    ${
      notice &&
      html`<div class="strip strip-notice" role="status" data-testid="notice">
        <span>${notice}</span>
        <button class="link" onClick=${() => setNotice('')} aria-label="Dismiss">✕</button>
      </div>`
    }
    <main class="console">
      <${SessionList} sessions=${sessions} me=${me} selected=${selected} busy=${busy}
        onSelect=${select} onAccept=${onAccept} />
      <${SessionPane} session=${session} me=${me} draft=${drafts[selected] ?? ''} busy=${busy}
        onDraft=${(text) => setDraft(selected, text)} onAccept=${() => onAccept(session)} onSend=${onSend}
        onRelease=${() => leave(() => release(session))}
        onWrapUp=${(disposition) => leave(() => wrapUp(session, disposition))} />
    </main>
  </div>`;
}

function App() {
  const [me, setMe] = useSignedIn();
  const signedOut = () => setMe(null);
  if (me === undefined) return html`<p class="loading">Loading…</p>`;
  if (me === null) return html`<${SignIn} title=${title} onSignedIn=${setMe} />`;
  if (!(rank[me.operator.role] >= rank.agent))
    return html`<${RoleNeeded} me=${me} onSignedOut=${signedOut} />`;
  return html`<${Console} me=${me} onSignedOut=${signedOut} />`;
}

render(html`<${App} />`, document.getElementById('app'));
