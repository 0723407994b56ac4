// The left column: who is waiting (oldest first, as the server orders them), the sessions this agent
// has, and, greyed, those other agents have.

import htm from 'htm';
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { SessionBadges } from './session-badges.js';
import { keyOf } from './session-store.js';

const html = htm.bind(h);

/** The current time, re-read every `ms`, so waiting times count up on screen. */
function useNow(ms) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** 0:42, 12:05, 1:03:20: a clock reads faster than "12 min 5 s" in a list that ticks. */
function clock(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n) => String(n).padStart(2, '0');
  const hours = Math.floor(s / 3600);
  const rest = `${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return hours > 0 ? `${hours}:${rest}` : rest.replace(/^0/, '');
}

const byEnqueued = (a, b) => Date.parse(a.enqueuedAt) - Date.parse(b.enqueuedAt);

function Row({ session, selected, onSelect, extra, children }) {
  const open = () => onSelect(keyOf(session));
  const keyDown = (event) => {
    if (event.target === event.currentTarget && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      open();
    }
  };
  return html`<li class=${`session ${selected ? 'selected' : ''}`} data-testid="session-row"
      data-conversation=${session.conversationId} data-edge=${session.edgeId}
      tabindex="0" aria-current=${selected ? 'true' : undefined} onClick=${open} onKeyDown=${keyDown}>
    <div class="row">
      <strong class="edge">${session.edgeId}</strong>
      ${extra}
    </div>
    <${SessionBadges} session=${session} />
    ${children}
  </li>`;
}

function Section({ title, testid, count, empty, children }) {
  return html`<section class="panel list" data-testid=${testid}>
    <h2>${title} <span class="count">${count}</span></h2>
    ${count === 0 ? html`<p class="empty">${empty}</p>` : html`<ul class="sessions">${children}</ul>`}
  </section>`;
}

export function SessionList({ sessions, me, selected, busy, onSelect, onAccept }) {
  const now = useNow(1000);
  const all = [...sessions.values()];
  const waiting = all.filter((s) => s.status === 'waiting').sort(byEnqueued);
  const assigned = all.filter((s) => s.status === 'assigned');
  const mine = assigned.filter((s) => s.agent === me.operator.username).sort(byEnqueued);
  const others = assigned.filter((s) => s.agent !== me.operator.username).sort(byEnqueued);
  const accept = (event, session) => {
    // The row behind the button would only open the session; accepting opens it too.
    event.stopPropagation();
    onAccept(session);
  };
  return html`<aside class="lists">
    <${Section} title="Waiting" testid="waiting" count=${waiting.length} empty="No one is waiting.">
      ${waiting.map(
        (
          s,
        ) => html`<${Row} key=${keyOf(s)} session=${s} selected=${selected === keyOf(s)} onSelect=${onSelect}
          extra=${html`<span class="waited" data-testid="waited" title="Time since the customer asked for a person">
            ${clock(now - Date.parse(s.enqueuedAt))}</span>`}>
          <div class="row">
            <button type="button" class="accept" onClick=${(e) => accept(e, s)} disabled=${busy}
              data-testid="accept">Accept</button>
          </div>
        <//>`,
      )}
    <//>
    <${Section} title="Mine" testid="mine" count=${mine.length} empty="You have no conversations.">
      ${mine.map(
        (s) =>
          html`<${Row} key=${keyOf(s)} session=${s} selected=${selected === keyOf(s)} onSelect=${onSelect}
            extra=${html`<span class="waited muted">${s.messages.length} messages</span>`} />`,
      )}
    <//>
    ${
      others.length > 0 &&
      html`<${Section} title="With other agents" testid="others" count=${others.length}>
        ${others.map(
          (s) => html`<li key=${keyOf(s)} class="session other" data-testid="session-row"
              data-conversation=${s.conversationId} data-edge=${s.edgeId}>
            <div class="row">
              <strong class="edge">${s.edgeId}</strong>
              <span class="waited muted" data-testid="agent-name">${s.agentName ?? s.agent}</span>
            </div>
            <${SessionBadges} session=${s} />
          </li>`,
        )}
      <//>`
    }
  </aside>`;
}
