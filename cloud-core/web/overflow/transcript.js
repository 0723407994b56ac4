// A session's messages, oldest first. Personal data never leaves the branch: the texts carry tokens
// such as ⟦PHONE_1⟧ in its place, shown as chips so they cannot be mistaken for what someone typed.

import htm from 'htm';
import { h } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

const html = htm.bind(h);
const tokenPattern = /⟦[A-Z_]+_\d+⟧/g;
const roleLabel = { customer: 'Customer', assistant: 'AI', agent: 'Agent', system: 'System' };

export function withTokens(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(tokenPattern)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push(html`<span class="token">${match[0]}</span>`);
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/** The distinct tokens of a conversation, in order of appearance, for the agent to reuse in a reply. */
export const tokensOf = (messages) => [...new Set(messages.flatMap((m) => m.text.match(tokenPattern) ?? []))];

export function Transcript({ session }) {
  const box = useRef(null);
  const count = session.messages.length;
  // Follows the conversation as it grows, starts at its end when another one is opened, and keeps
  // the end in view when the customer-left banner takes room above it.
  useEffect(() => {
    if (box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [session.conversationId, count, session.customerLeft]);
  return html`<div class="transcript" data-testid="transcript" ref=${box}>
    ${count === 0 && html`<p class="empty">No messages yet.</p>`}
    ${session.messages.map(
      (m) => html`<div key=${m.seq} class=${`msg ${m.role}`} data-testid="message" data-role=${m.role}>
        ${withTokens(m.text)}
        <span class="by">${roleLabel[m.role] ?? m.role} · ${new Date(m.at).toLocaleTimeString()}</span>
      </div>`,
    )}
  </div>`;
}
