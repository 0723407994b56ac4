export { createEdgeApp, type EdgeStatusReport } from './app.js';
