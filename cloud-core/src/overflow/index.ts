export { actOnEdge } from './edge-actions.js';
export { type BoardChange, OverflowBoard } from './overflow-board.js';
export { overflowPage } from './overflow-page.js';
export { type OverflowSessionView, sessionView } from './session-view.js';
