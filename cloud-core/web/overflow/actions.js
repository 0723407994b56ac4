// What an agent can do to an overflow session, and what a refusal means in the agent's words.

import { post } from '/dashboard/assets/api.js';

const path = (s, action) =>
  `/v1/overflow/sessions/${encodeURIComponent(s.edgeId)}/${encodeURIComponent(s.conversationId)}/${action}`;

export const accept = async (s) => (await post(path(s, 'accept'))).session;
export const sendReply = (s, text) => post(path(s, 'messages'), { text });
export const release = (s) => post(path(s, 'release'));
export const wrapUp = (s, disposition) => post(path(s, 'wrap-up'), { disposition });

export const dispositions = [
  { value: 'resolved', label: 'Resolved' },
  { value: 'follow_up', label: 'Follow-up needed' },
  { value: 'escalated', label: 'Escalated' },
  { value: 'no_response', label: 'No response' },
];

export function explain(error) {
  switch (error.status) {
    case 409:
      return `Not possible any more: ${error.message}. The list has been refreshed.`;
    case 503:
      return `The branch did not answer in time (its link to the core may be down). If it was only slow, your action may still arrive: check the transcript before trying again. (${error.message})`;
    case 404:
      return 'That conversation is no longer in overflow. The list has been refreshed.';
    case 403:
      return 'Your role does not allow this: the overflow console needs the agent role.';
    default:
      return error.message;
  }
}
