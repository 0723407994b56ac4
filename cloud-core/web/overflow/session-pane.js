// The open session: what it is about, its transcript, and, when it is this agent's, the reply box,
// release and wrap-up.

import htm from 'htm';
import { h } from 'preact';
import { useRef } from 'preact/hooks';
import { ago, duration } from '/dashboard/assets/format.js';
import { dispositions } from './actions.js';
import { SessionBadges } from './session-badges.js';
import { Transcript, tokensOf } from './transcript.js';

const html = htm.bind(h);

function Composer({ session, draft, onDraft, onSend, busy }) {
  const input = useRef(null);
  const closed = session.customerLeft;
  const tokens = tokensOf(session.messages);
  const send = () => {
    if (draft.trim() && !busy && !closed) onSend(draft.trim());
  };
  const submit = (event) => {
    event.preventDefault();
    send();
  };
  const keyDown = (event) => {
    // Enter sends and Shift+Enter starts a new line; an Enter that picks an IME candidate (pinyin) is neither.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    send();
  };
  // Tokens are awkward to type, so a click puts one at the cursor.
  const insert = (token) => {
    const el = input.current;
    const from = el?.selectionStart ?? draft.length;
    const to = el?.selectionEnd ?? draft.length;
    el?.focus();
    onDraft(draft.slice(0, from) + token + draft.slice(to));
    // The new value re-renders with the caret at the end; put it back after the token.
    requestAnimationFrame(() => el?.setSelectionRange(from + token.length, from + token.length));
  };
  // A pressed chip would take the focus, and with it the caret, from the reply box.
  const keepFocus = (event) => event.preventDefault();
  return html`<form class="composer" onSubmit=${submit}>
    <p class="token-note">
      Chips like <span class="token">⟦PHONE_1⟧</span> stand for the customer's personal data, which stays
      at the branch. Use them in a reply as they are: the customer sees their real data in their place.
    </p>
    ${
      tokens.length > 0 &&
      html`<div class="row token-picks">
        <span class="muted">Insert</span>
        ${tokens.map(
          (t) =>
            html`<button type="button" class="token" disabled=${closed}
              onMouseDown=${keepFocus} onClick=${() => insert(t)}>${t}</button>`,
        )}
      </div>`
    }
    <div class="row composer-box">
      <textarea ref=${input} value=${draft} onInput=${(e) => onDraft(e.target.value)} onKeyDown=${keyDown}
        data-testid="reply" maxlength="2000" disabled=${closed}
        placeholder=${closed ? 'The customer has left.' : 'Reply to the customer (Enter sends, Shift+Enter for a new line)'}></textarea>
      <button type="submit" data-testid="send" disabled=${busy || closed || !draft.trim()}>Send</button>
    </div>
  </form>`;
}

function Finish({ session, busy, onRelease, onWrapUp }) {
  const submit = (event) => {
    event.preventDefault();
    onWrapUp(new FormData(event.target).get('disposition'));
  };
  return html`<div class="finish">
    <button type="button" class="ghost" onClick=${onRelease} disabled=${busy || session.customerLeft}
      data-testid="release" title="Give it back to the branch queue or the central waiting list">Release</button>
    <form class="row" onSubmit=${submit}>
      <select name="disposition" data-testid="disposition" aria-label="Disposition">
        ${dispositions.map((d) => html`<option value=${d.value}>${d.label}</option>`)}
      </select>
      <button type="submit" data-testid="wrap-up" disabled=${busy}>Wrap up</button>
    </form>
  </div>`;
}

function Owner({ session, busy, onAccept }) {
  if (session.status === 'waiting')
    return html`<div class="row finish">
      <span class="muted">Waiting for an agent. Accept it to reply.</span>
      <button type="button" onClick=${onAccept} disabled=${busy} data-testid="accept-open">Accept</button>
    </div>`;
  return html`<p class="muted finish">${session.agentName ?? session.agent} has this conversation.</p>`;
}

export function SessionPane({ session, me, draft, busy, onDraft, onAccept, onSend, onRelease, onWrapUp }) {
  if (!session)
    return html`<section class="panel pane">
      <p class="empty pane-empty">Pick a conversation on the left to read it, or accept one.</p>
    </section>`;
  const mine = session.status === 'assigned' && session.agent === me.operator.username;
  const estimate =
    session.branchEstimatedWaitMs === null
      ? 'no branch agent was free'
      : `branch estimate ${duration(session.branchEstimatedWaitMs)}`;
  return html`<section class="panel pane" data-testid="session-pane" data-conversation=${session.conversationId}>
    <div class="pane-head">
      <h2>${session.conversationId} <span class="muted">from ${session.edgeId}</span></h2>
      <${SessionBadges} session=${session} />
      <div class="muted">
        Asked for a person ${ago(session.enqueuedAt)} · offered to overflow ${ago(session.offeredAt)} · ${estimate}
      </div>
    </div>
    ${
      session.customerLeft &&
      html`<p class="banner" data-testid="customer-left">The customer has left; wrap up.</p>`
    }
    <${Transcript} session=${session} />
    ${
      mine
        ? html`<${Composer} session=${session} draft=${draft} onDraft=${onDraft} onSend=${onSend} busy=${busy} />
          <${Finish} session=${session} busy=${busy} onRelease=${onRelease} onWrapUp=${onWrapUp} />`
        : html`<${Owner} session=${session} busy=${busy} onAccept=${onAccept} />`
    }
  </section>`;
}
