export { dashboardPage } from './dashboard-page.js';
export { parseScopeQuery, type ResolvedScope, resolveScope, type ScopeQuery } from './ops-scope.js';
export * from './read-model/index.js';
