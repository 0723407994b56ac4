export { type ConsoleApiDeps, consoleApi } from './console-api.js';
export { consolePage } from './console-page.js';
