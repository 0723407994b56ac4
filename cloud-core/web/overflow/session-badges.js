// What the branch said about a session, the same way in the lists and the open pane.

import htm from 'htm';
import { h } from 'preact';

const html = htm.bind(h);

export function SessionBadges({ session }) {
  return html`<div class="row badges">
    <span class=${`badge sev-${session.severity}`} data-testid="severity">${session.severity}</span>
    <span class="badge reason" data-testid="reason">${session.reason}</span>
    <span class=${`badge tier-${session.valueTier}`} data-testid="tier">${session.valueTier}</span>
    <span class="badge locale" data-testid="language">${session.locale}</span>
    ${session.customerLeft && html`<span class="badge left">customer left</span>`}
  </div>`;
}
