export { seedDemoAgents } from './demo-agents.js';
export { type HandoffRow, HandoffStore } from './handoff-store.js';
export { joinedText } from './handoff-terms.js';
export { type ConsoleEvent, HumanDesk, type HumanDeskDeps } from './human-desk.js';
export { dispositions, parseWrapUp, recordWrapUp, type WrapUp, type WrapUpDeps } from './wrap-up.js';
