export { seedDemoAgents } from './demo-agents.js';
export { HandoffStore } from './handoff-store.js';
export { type ConsoleEvent, dispositions, HumanDesk, type HumanDeskDeps, type WrapUp } from './human-desk.js';
