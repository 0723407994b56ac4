export { isCentral, OverflowDesk, type OverflowDeskDeps } from './overflow-desk.js';
export { type OverflowActionHandler, OverflowLink } from './overflow-link.js';
