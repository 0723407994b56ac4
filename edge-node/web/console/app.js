// The branch agent console: Preact + htm as plain ES modules, no build step. Everything it shows
// comes from /console/api; live changes arrive on one EventSource and trigger a re-read.

import htm from 'htm';
import { h, render } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

const html = htm.bind(h);
let csrfToken = '';

async function api(method, path, body) {
  const res = await fetch(`/console/api${path}`, {
    method,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const error = new Error(json.error?.message ?? `HTTP ${res.status}`);
    error.status = res.status;
    throw error;
  }
  return json;
}

const minutes = (ms) =>
  ms === null || ms === undefined ? '—' : ms < 60_000 ? '<1 min' : `${Math.round(ms / 60_000)} min`;
const seconds = (ms) =>
  ms < 60_000
    ? `${Math.round(ms / 1000)} s`
    : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
const roleLabel = { customer: 'customer', assistant: 'AI', agent: 'agent', system: 'system' };

function Login({ onSignedIn }) {
  const [error, setError] = useState('');
  const submit = async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      const me = await api('POST', '/login', {
        username: form.get('username'),
        password: form.get('password'),
      });
      csrfToken = me.csrfToken;
      onSignedIn(me);
    } catch (e) {
      setError(e.message);
    }
  };
  return html`<form class="login" onSubmit=${submit} data-testid="login">
    <h1 class="login-title">Branchline · 坐席登录 / Agent sign-in</h1>
    <input name="username" autocomplete="username" placeholder="Username" required />
    <input name="password" type="password" autocomplete="current-password" placeholder="Password" required />
    <button type="submit">Sign in</button>
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </form>`;
}

function QueuePanel({ queue, selected, onSelect, onAccept }) {
  return html`<section class="panel" data-testid="queue">
    <h2>Queue (${queue.waiting.length})</h2>
    ${queue.waiting.length === 0 && html`<p class="empty">No one is waiting.</p>`}
    ${queue.waiting.map(
      (w) => html`<div class="item" data-testid="queue-item" data-conversation=${w.conversationId}>
        <div class="row">
          <span class="badge reason" data-testid="queue-reason">${w.reason}</span>
          <span class=${`badge ${w.severity}`}>${w.severity}</span>
          <span class=${`badge tier-${w.valueTier}`}>${w.valueTier}</span>
          <span class="badge">${w.language}</span>
        </div>
        <div class="muted">#${w.position} · waiting ${seconds(w.waitedMs)} · est. ${minutes(w.estimatedWaitMs)}</div>
        <div class="row"><button onClick=${() => onAccept(w.conversationId)} data-testid="accept">Accept</button></div>
      </div>`,
    )}
    <h2>My conversations (${queue.mine.length})</h2>
    ${queue.mine.length === 0 && html`<p class="empty">None yet.</p>`}
    ${queue.mine.map(
      (
        m,
      ) => html`<div class=${`item ${selected === m.conversationId ? 'selected' : ''}`} data-testid="mine-item"
          onClick=${() => onSelect(m.conversationId)}>
        <div class="row"><strong>${m.customerName ?? 'Guest'}</strong><span class="badge reason">${m.reason}</span></div>
        <div class="muted">${m.conversationId.slice(0, 12)} · since ${new Date(m.assignedAt).toLocaleTimeString()}</div>
      </div>`,
    )}
  </section>`;
}

function Transcript({ conversation, onSend }) {
  const [text, setText] = useState('');
  const end = useRef(null);
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [conversation?.messages.length]);
  if (!conversation)
    return html`<section class="panel"><p class="empty">Accept or pick a conversation.</p></section>`;
  const send = async (event) => {
    event.preventDefault();
    if (!text.trim()) return;
    await onSend(text.trim());
    setText('');
  };
  conversation.draft = (value) => setText(value);
  return html`<section class="panel" data-testid="conversation">
    <h2>Conversation ${conversation.id.slice(0, 12)} · ${conversation.locale}</h2>
    <div class="transcript" data-testid="transcript">
      ${conversation.messages.map(
        (m) => html`<div class=${`msg ${m.role}`} data-testid="message" data-role=${m.role}>
          ${m.text}<span class="by">${roleLabel[m.role]}${m.intent ? ` · ${m.intent}` : ''} · ${new Date(m.at).toLocaleTimeString()}</span>
        </div>`,
      )}
      <div ref=${end}></div>
    </div>
    ${
      conversation.handoff?.status === 'assigned' &&
      html`<form class="reply" onSubmit=${send}>
      <textarea value=${text} onInput=${(e) => setText(e.target.value)} data-testid="reply-text"
        placeholder="Reply to the customer" maxlength="2000"></textarea>
      <button type="submit" data-testid="send">Send</button>
    </form>`
    }
  </section>`;
}

function Understanding({ conversation }) {
  const u = conversation.understanding;
  return html`<div data-testid="understanding">
    <h2>Understanding</h2>
    <div class="row"><span class="muted">Latest intent</span><strong>${u.intent ?? 'unknown'}</strong>
      ${u.confidence !== null && html`<span class="muted">${Math.round(u.confidence * 100)}%</span>`}</div>
    <div class="row"><span class="muted">Sentiment trend (negative)</span></div>
    <div class="trend" title="negative sentiment per customer turn">
      ${u.sentimentTrend.map((n) => html`<span class=${n >= 0.6 ? 'neg' : ''} style=${`height:${Math.max(4, n * 40)}px`}></span>`)}
    </div>
    <div class="row">${u.flags.map((f) => html`<span class="badge">${f}</span>`)}</div>
    <div class="row"><span class="muted">Handed over because</span><span class="badge reason">${conversation.handoff?.reason}</span></div>
  </div>`;
}

function Customer({ customer }) {
  if (!customer) return html`<div><h2>Customer</h2><p class="empty">Not verified.</p></div>`;
  return html`<div data-testid="customer">
    <h2>Customer</h2>
    <div class="row"><strong>${customer.profile.name}</strong><span class=${`badge tier-${customer.profile.tier}`}>${customer.profile.tier}</span><span class="muted">${customer.profile.ref}</span></div>
    <table>
      <thead><tr><th>Order</th><th>Item</th><th>Status</th><th>ETA</th></tr></thead>
      <tbody>${customer.orders.map(
        (o) =>
          html`<tr><td>${o.id}</td><td>${o.item}</td><td>${o.status}</td><td>${o.expectedOn ?? ''}</td></tr>`,
      )}</tbody>
    </table>
  </div>`;
}

function Assist({ conversationId, onUse }) {
  const [assist, setAssist] = useState(null);
  useEffect(() => {
    setAssist(null);
    api('GET', `/conversations/${conversationId}/assist`).then(setAssist, () =>
      setAssist({ suggestion: null, passages: [] }),
    );
  }, [conversationId]);
  if (!assist) return html`<div><h2>Assist</h2><p class="muted">Looking…</p></div>`;
  return html`<div data-testid="assist">
    <h2>Assist</h2>
    ${
      assist.suggestion
        ? html`<div class="item"><div>${assist.suggestion.text}</div>
          <div class="muted">[KB:${assist.suggestion.citation.id}] ${assist.suggestion.citation.title}</div>
          <div class="row"><button class="ghost" onClick=${() => onUse(assist.suggestion.text)} data-testid="use-suggestion">Use</button></div></div>`
        : html`<p class="empty">No suggested reply.</p>`
    }
    ${assist.passages.map((p) => html`<div class="passage"><strong>[KB:${p.articleId}] ${p.title}</strong> ${p.heading}<div>${p.text}</div></div>`)}
  </div>`;
}

function WrapUp({ conversation, intents, agents, onDone }) {
  const [error, setError] = useState('');
  const submit = async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      await api('POST', `/conversations/${conversation.id}/wrapup`, {
        disposition: form.get('disposition'),
        ...(form.get('correctedIntent') ? { correctedIntent: form.get('correctedIntent') } : {}),
      });
      onDone();
    } catch (e) {
      setError(e.message);
    }
  };
  const transfer = async (event) => {
    const to = event.target.value;
    if (!to) return;
    try {
      await api(
        'POST',
        `/conversations/${conversation.id}/transfer`,
        to === 'queue' ? { toQueue: true } : { toAgentId: to },
      );
      onDone();
    } catch (e) {
      setError(e.message);
    }
  };
  return html`<div>
    <h2>Transfer</h2>
    <select onChange=${transfer} data-testid="transfer">
      <option value="">Transfer to…</option>
      <option value="queue">Back to the queue</option>
      ${agents.map((a) => html`<option value=${a.id}>${a.displayName} (${a.presence})</option>`)}
    </select>
    <h2>Wrap up</h2>
    <form onSubmit=${submit} class="row" data-testid="wrapup">
      <select name="disposition" required data-testid="disposition">
        <option value="resolved">Resolved</option>
        <option value="follow_up">Follow-up needed</option>
        <option value="escalated">Escalated</option>
        <option value="no_response">No response</option>
      </select>
      <select name="correctedIntent" data-testid="corrected-intent">
        <option value="">AI intent was right</option>
        ${intents.map((i) => html`<option value=${i}>${i}</option>`)}
      </select>
      <button type="submit" data-testid="wrapup-submit">Wrap up</button>
    </form>
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </div>`;
}

function Console({ me, onSignedOut }) {
  const [queue, setQueue] = useState({ waiting: [], mine: [], agents: [] });
  const [selected, setSelected] = useState(null);
  const [conversation, setConversation] = useState(null);
  const [presence, setPresence] = useState(me.presence);
  const [intents, setIntents] = useState([]);
  const [error, setError] = useState('');
  const selectedRef = useRef(null);
  selectedRef.current = selected;

  const loadQueue = useCallback(() => api('GET', '/queue').then(setQueue, (e) => setError(e.message)), []);
  const loadConversation = useCallback(async (id) => {
    if (!id) return setConversation(null);
    try {
      setConversation(await api('GET', `/conversations/${id}`));
    } catch (e) {
      // Wrapped up or taken over elsewhere: it is no longer this agent's to show.
      if (e.status === 404 || e.status === 403) {
        setConversation(null);
        setSelected(null);
      } else setError(e.message);
    }
  }, []);

  useEffect(() => {
    loadQueue();
    api('GET', '/intents').then(
      (r) => setIntents(r.intents),
      () => setIntents([]),
    );
    // One stream for the queue and this agent's conversations; EventSource reconnects by itself.
    const source = new EventSource('/console/api/events');
    source.addEventListener('queue', () => loadQueue());
    source.addEventListener('conversation', (e) => {
      const { conversationId } = JSON.parse(e.data);
      if (conversationId === selectedRef.current) loadConversation(conversationId);
    });
    source.onopen = () => {
      setError('');
      loadQueue();
      if (selectedRef.current) loadConversation(selectedRef.current);
    };
    source.onerror = () => setError('Reconnecting…');
    const tick = setInterval(loadQueue, 15_000);
    return () => {
      source.close();
      clearInterval(tick);
    };
  }, []);

  useEffect(() => {
    loadConversation(selected);
    if (selected) sessionStorage.setItem('branchline.console.selected', selected);
  }, [selected]);

  useEffect(() => {
    const remembered = sessionStorage.getItem('branchline.console.selected');
    if (remembered && queue.mine.some((m) => m.conversationId === remembered) && !selected)
      setSelected(remembered);
  }, [queue]);

  const accept = async (id) => {
    try {
      await api('POST', `/conversations/${id}/accept`);
      await loadQueue();
      setSelected(id);
    } catch (e) {
      setError(e.message);
    }
  };
  const send = async (text) => {
    try {
      await api('POST', `/conversations/${selected}/messages`, { text });
      await loadConversation(selected);
    } catch (e) {
      setError(e.message);
    }
  };
  const changePresence = async (event) => {
    const next = event.target.value;
    try {
      setPresence((await api('PUT', '/presence', { presence: next })).presence);
      loadQueue();
    } catch (e) {
      setError(e.message);
    }
  };
  const signOut = async () => {
    await api('POST', '/logout').catch(() => undefined);
    csrfToken = '';
    onSignedOut();
  };
  const done = async () => {
    setSelected(null);
    sessionStorage.removeItem('branchline.console.selected');
    await loadQueue();
  };

  return html`<div>
    <header>
      <h1>Branchline · ${me.branch}</h1>
      ${error && html`<span class="error" role="status">${error}</span>`}
      <span data-testid="agent-name">${me.agent.displayName}</span>
      <select value=${presence} onChange=${changePresence} data-testid="presence">
        <option value="available">Available</option>
        <option value="busy">Busy</option>
        <option value="away">Away</option>
      </select>
      <button class="ghost" onClick=${signOut}>Sign out</button>
    </header>
    <div class="layout">
      <${QueuePanel} queue=${queue} selected=${selected} onSelect=${setSelected} onAccept=${accept} />
      <${Transcript} conversation=${conversation} onSend=${send} />
      <section class="panel">
        ${
          conversation
            ? html`<${Understanding} conversation=${conversation} />
              <${Customer} customer=${conversation.customer} />
              <${Assist} conversationId=${conversation.id} onUse=${(t) => conversation.draft?.(t)} />
              ${
                conversation.handoff?.status === 'assigned' &&
                html`<${WrapUp} conversation=${conversation} intents=${intents}
                agents=${queue.agents.filter((a) => a.id !== me.agent.id)} onDone=${done} />`
              }`
            : html`<p class="empty">Details of the selected conversation appear here.</p>`
        }
      </section>
    </div>
  </div>`;
}

function App() {
  const [me, setMe] = useState(undefined);
  useEffect(() => {
    api('GET', '/me').then(
      (m) => {
        csrfToken = m.csrfToken;
        setMe(m);
      },
      () => setMe(null),
    );
  }, []);
  if (me === undefined) return html`<p class="muted">Loading…</p>`;
  if (me === null) return html`<${Login} onSignedIn=${setMe} />`;
  return html`<${Console} me=${me} onSignedOut=${() => setMe(null)} />`;
}

render(html`<${App} />`, document.getElementById('app'));
